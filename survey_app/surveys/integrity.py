"""Survey integrity signals (刷满意度) for the committee, and excluding flagged responses.

Signals are counts over a survey's submitted responses, built from what a response keeps
without weakening anonymity (models.py): the seconds answering took, the answers themselves,
a device group (a salted hash of address, browser and ten-minute window: the salt of a day is
deleted the next day, so a group can never again be tied to an address) and, for paper, the
staff account that typed it in. No time of day is stored anywhere.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import audit
from ..auth.models import User
from ..errors import FieldError
from ..extensions import db
from . import questions
from .models import Answer, DeviceSalt, Response, Survey
from .services import definition_of

#: faster than this many seconds per answerable question is implausible
FAST_SECONDS_PER_ITEM = 2
#: straight-lining: at least this many Likert answers, all the same value
STRAIGHT_MIN_ITEMS = 6
#: a burst: at least this many responses from one device within one window
BURST_SIZE = 3
WINDOW_MINUTES = 10
REASON_MAX = 500


def device_group(address: str, agent: str, now: datetime) -> str:
    """The salted hash of (address, browser, ten-minute window) for one submission."""
    salt = _salt_of(now.date())
    window = (now.hour * 60 + now.minute) // WINDOW_MINUTES
    text = "\x1f".join((salt, address, agent[:200], str(window)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: today's salt, read once per process and day (every worker reads the same row)
_SALT_CACHE: dict[date, str] = {}


def _salt_of(day: date) -> str:
    """The day's salt, created by the first submission of the day; older salts are deleted,
    so yesterday's hashes can no longer be recomputed from an address."""
    salt = _SALT_CACHE.get(day)
    if salt is not None:
        return salt
    db.session.execute(delete(DeviceSalt).where(DeviceSalt.day < day))
    insert = sqlite_insert if db.session.get_bind().dialect.name == "sqlite" else pg_insert
    # parallel first submissions of a day: one row wins, every worker then reads it
    db.session.execute(insert(DeviceSalt).values(day=day, salt=secrets.token_hex(32))
                       .on_conflict_do_nothing(index_elements=["day"]))
    salt = db.session.scalar(select(DeviceSalt.salt).where(DeviceSalt.day == day))
    _SALT_CACHE.clear()  # forget other days' salts in this process too
    _SALT_CACHE[day] = salt
    return salt


@dataclass
class Signals:
    """What the committee sees: counts per signal, never single responses."""

    total: int = 0
    fast: int = 0
    fast_limit: int = 0
    straight: int = 0
    bursts: list[int] = field(default_factory=list)
    paper: list[dict] = field(default_factory=list)
    web_mean: float | None = None
    excluded: int = 0

    @property
    def burst_responses(self) -> int:
        return sum(self.bursts)


def _likert_ids(definition) -> set[str]:
    return {i.id for i in questions.answerable_items(definition) if i.type == "likert"}


def _rows(survey: Survey) -> list:
    return list(db.session.execute(
        select(Response.id, Response.channel, Response.duration_seconds, Response.device_group,
               Response.entered_by_id)
        .where(Response.survey_id == survey.id, Response.status == "submitted",
               Response.excluded_reason.is_(None))))


def _likert_values(survey: Survey, likert: set[str]) -> dict[int, list[float]]:
    values: dict[int, list[float]] = defaultdict(list)
    for rid, item_id, value in db.session.execute(
            select(Answer.response_id, Answer.item_id, Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.survey_id == survey.id, Response.status == "submitted",
                   Response.excluded_reason.is_(None), Answer.value.is_not(None),
                   Answer.is_na.is_(False))):
        if item_id in likert:
            values[rid].append(value)
    return values


def flagged(survey: Survey) -> dict[str, set[int]]:
    """Response ids per flag: fast, straight, burst, paper:<user id> (counted responses only)."""
    definition = definition_of(survey)
    likert = _likert_ids(definition)
    limit = FAST_SECONDS_PER_ITEM * len(questions.answerable_items(definition))
    rows = _rows(survey)
    values = _likert_values(survey, likert)
    groups = Counter(r.device_group for r in rows if r.device_group)
    out: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        if r.channel == "web" and r.duration_seconds is not None and r.duration_seconds < limit:
            out["fast"].add(r.id)
        answered = values.get(r.id, [])
        if len(answered) >= STRAIGHT_MIN_ITEMS and len(set(answered)) == 1:
            out["straight"].add(r.id)
        if r.device_group and groups[r.device_group] >= BURST_SIZE:
            out["burst"].add(r.id)
        if r.channel == "paper":
            out[f"paper:{r.entered_by_id or 0}"].add(r.id)
    return out


def signals(survey: Survey) -> Signals:
    """The counts of every signal, with paper entries per staff account against web answers."""
    definition = definition_of(survey)
    likert = _likert_ids(definition)
    rows = _rows(survey)
    values = _likert_values(survey, likert)
    flags = flagged(survey)
    groups = Counter(r.device_group for r in rows if r.device_group)
    web = [v for r in rows if r.channel == "web" for v in values.get(r.id, [])]
    result = Signals(total=len(rows), fast=len(flags.get("fast", ())),
                     fast_limit=FAST_SECONDS_PER_ITEM * len(
                         questions.answerable_items(definition)),
                     straight=len(flags.get("straight", ())),
                     bursts=sorted((n for n in groups.values() if n >= BURST_SIZE), reverse=True),
                     web_mean=sum(web) / len(web) if web else None,
                     excluded=excluded_count(survey.id))
    result.paper = _paper_rows(flags, values, web)
    return result


def _paper_rows(flags: dict[str, set[int]], values: dict[int, list[float]],
                web: list[float]) -> list[dict]:
    """Per staff account: entries, mean Likert answer and share of each value, against web."""
    names = {uid: name for uid, name in db.session.execute(select(User.id, User.username))}
    out = []
    for flag in sorted(f for f in flags if f.startswith("paper:")):
        user_id = int(flag.split(":", 1)[1])
        answers = [v for rid in flags[flag] for v in values.get(rid, [])]
        out.append({"flag": flag, "user": names.get(user_id, "—"), "count": len(flags[flag]),
                    "mean": sum(answers) / len(answers) if answers else None,
                    "shares": _shares(answers), "web_shares": _shares(web)})
    return out


def _shares(values: list[float]) -> dict[int, float]:
    counts = Counter(int(v) for v in values)
    total = sum(counts.values())
    return {k: counts[k] / total for k in sorted(counts)} if total else {}


def excluded_count(survey_id: int) -> int:
    """How many submitted responses the committee has excluded."""
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.survey_id == survey_id, Response.status == "submitted",
        Response.excluded_reason.is_not(None))) or 0


def excluded_in_period(period_id: int) -> int:
    """How many of a period's survey responses the committee has excluded (results pages)."""
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.period_id == period_id, Response.status == "submitted",
        Response.excluded_reason.is_not(None))) or 0


def exclude(survey: Survey, user, flag: str, reason: str) -> int:
    """Exclude every counted response with a flag, giving a reason; returns how many."""
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", _("Give the reason for excluding these responses."))
    if len(reason) > REASON_MAX:
        raise FieldError("reason", _("The reason is too long (at most %(n)d characters).",
                                     n=REASON_MAX))
    if survey.period.status in ("closed", "published"):
        raise FieldError("flag", _("The period is closed: its results are of record and no "
                                   "response can be excluded any more."))
    ids = flagged(survey).get(flag)
    if not ids:
        raise FieldError("flag", _("No counted response carries this signal."))
    db.session.execute(update(Response).where(Response.id.in_(ids))
                       .values(excluded_reason=reason)
                       .execution_options(synchronize_session=False))
    _touch(survey)
    audit.record("survey.exclude", survey, object_type="Survey", flag=flag, count=len(ids),
                 reason=reason, user=getattr(user, "username", ""))
    return len(ids)


def _touch(survey: Survey) -> None:
    """A bulk update skips the ORM hook that moves the period's data version: move it here."""
    from ..communities.services import touch_period

    touch_period(survey.period_id)
