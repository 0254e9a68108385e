"""Running a survey: publish, access codes, counts per building, Cochran target, closing."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, insert, select

from .. import audit, transitions
from ..communities.models import Building, Household, Period
from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..questionnaires.models import QuestionnaireVersion
from ..questionnaires.schema import Definition
from .models import ACCESS_MODES, AccessCode, Response, Survey

#: no 0/O, 1/I/L: codes are typed by elderly owners from a paper slip
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
#: the poster link's token uses the same alphabet (31^10 ≈ 8·10^14): it is typed from a
#: poster too, and it is looked up case-insensitively (answering.survey_by_token)
TOKEN_LENGTH = 10

_DEFINITIONS: dict[str, Definition] = {}
_DERIVED_KEYS: dict[str, bytes] = {}



def definition_of(survey: Survey, sha256: str | None = None) -> Definition:
    """The survey's parsed questionnaire, cached by content hash (versions never change).

    Pass the version's sha256 when a query fetched it already, to skip loading the JSON.
    """
    if sha256 in _DEFINITIONS:
        return _DEFINITIONS[sha256]
    version = survey.questionnaire
    parsed = _DEFINITIONS.get(version.sha256)
    if parsed is None:
        parsed = _DEFINITIONS[version.sha256] = version.parsed
    return parsed


def household_key(survey_id: int, household_id: int) -> str:
    """HMAC-SHA256 of (survey, household): unique per household, unreadable without the key."""
    message = f"{survey_id}:{household_id}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def _hash_key() -> bytes:
    """HOUSEHOLD_HASH_KEY, else a key derived from SECRET_KEY (derived once per secret)."""
    key = current_app.config.get("HOUSEHOLD_HASH_KEY")
    if key:
        return str(key).encode()
    secret = str(current_app.config["SECRET_KEY"])
    derived = _DERIVED_KEYS.get(secret)
    if derived is None:
        derived = _DERIVED_KEYS[secret] = hmac.new(
            secret.encode(), b"household-hash", hashlib.sha256).hexdigest().encode()
    return derived


def normalise_code(code: str) -> str:
    """Upper-case, without the spaces or dashes an owner may type."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:16]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    """A survey link token no other survey has, in any letter case."""
    while True:
        token = "".join(secrets.choice(CODE_ALPHABET) for _ in range(TOKEN_LENGTH))
        if db.session.scalar(select(Survey.id).where(func.upper(Survey.token) == token)) is None:
            return token


def get_survey(community_id: int, period_id: int) -> tuple[Period, Survey | None]:
    """The period (404 unless it belongs to the community) and its survey, if any."""
    period = db.session.get(Period, period_id)
    if period is None or period.community_id != community_id:
        raise NotFound
    survey = db.session.scalar(select(Survey).filter_by(period_id=period_id))
    return period, survey


def require_survey(community_id: int, period_id: int) -> Survey:
    """The period's survey or 404."""
    _period, survey = get_survey(community_id, period_id)
    if survey is None:
        raise NotFound
    return survey


def owner_versions() -> list[QuestionnaireVersion]:
    """Published owner-survey questionnaire versions, newest first."""
    return list(db.session.scalars(
        select(QuestionnaireVersion).filter_by(kind="owner_survey")
        .order_by(QuestionnaireVersion.published_at.desc(), QuestionnaireVersion.id.desc())))


def publish_survey(period: Period, version_id: int, access_mode: str, user=None) -> Survey:
    """Create the period's survey with its link token and, in code mode, one code per household."""
    if period.status not in ("draft", "open"):
        raise FieldError("questionnaire", _("Surveys can only be published for a draft or open period."))
    if db.session.scalar(select(Survey.id).filter_by(period_id=period.id)) is not None:
        raise FieldError("questionnaire", _("This period already has a survey."))
    version = db.session.get(QuestionnaireVersion, version_id)
    if version is None or version.kind != "owner_survey":
        raise FieldError("questionnaire", _("Choose an owner survey questionnaire."))
    if access_mode not in ACCESS_MODES:
        raise FieldError("access_mode", _("Choose how owners reach the survey."))
    survey = Survey(community_id=period.community_id, period_id=period.id,
                    questionnaire_version_id=version.id, token=new_token(),
                    access_mode=access_mode, status="open",
                    created_by_id=getattr(user, "id", None))
    db.session.add(survey)
    db.session.flush()
    codes = create_codes(survey) if access_mode == "codes" else 0
    audit.record("survey.publish", survey, questionnaire=version.label, access_mode=access_mode,
                 codes=codes)
    from ..notifications import hooks  # late: notifications imports this feature's neighbours

    hooks.survey_event(survey, "opened", f"survey:{survey.id}:opened")
    return survey


def create_codes(survey: Survey) -> int:
    """One code for every household of the community that has none yet (bulk insert)."""
    have = set(db.session.scalars(select(AccessCode.household_id).filter_by(survey_id=survey.id)))
    households = [h for h in db.session.scalars(
        select(Household.id).filter_by(community_id=survey.community_id)) if h not in have]
    taken = set(db.session.scalars(select(AccessCode.code)))
    rows = []
    for household_id in households:
        code = new_code()
        while code in taken:
            code = new_code()
        taken.add(code)
        rows.append({"survey_id": survey.id, "household_id": household_id, "code": code})
    if rows:
        db.session.execute(insert(AccessCode), rows)
    return len(rows)


def close_survey(survey: Survey) -> Survey:
    """Stop accepting web answers; paper entry by staff also stops."""
    if survey.status == "closed":
        raise FieldError("status", _("The survey is already closed."))
    if not transitions.advance(survey, {"status": survey.status},
                               {"status": "closed", "closed_at": utcnow()}):
        raise FieldError("status", transitions.conflict_message())
    audit.record("survey.close", survey)
    db.session.flush()
    return survey


def reopen_survey(survey: Survey) -> Survey:
    """Accept answers again (only while the period is open)."""
    if survey.status == "open":
        raise FieldError("status", _("The survey is already open."))
    if survey.period.status != "open":
        raise FieldError("status", _("Only a survey of an open period can be reopened."))
    if not transitions.advance(survey, {"status": survey.status},
                               {"status": "open", "closed_at": None}):
        raise FieldError("status", transitions.conflict_message())
    audit.record("survey.reopen", survey)
    db.session.flush()
    return survey


@dataclass(frozen=True)
class BuildingCount:
    """Submitted responses against households in one building."""

    name: str
    households: int
    web: int
    paper: int
    in_progress: int

    @property
    def responses(self) -> int:
        return self.web + self.paper

    @property
    def rate(self) -> float | None:
        return self.responses / self.households if self.households else None


def building_counts(survey: Survey) -> list[BuildingCount]:
    """Responses per building (never per household), in two grouped queries."""
    households = dict(db.session.execute(
        select(Building.id, func.count(Household.id))
        .outerjoin(Household, Household.building_id == Building.id)
        .where(Building.community_id == survey.community_id).group_by(Building.id)).all())
    counts: dict[tuple, int] = {}
    for building_id, channel, status, n in db.session.execute(
            select(Response.building_id, Response.channel, Response.status, func.count())
            .where(Response.survey_id == survey.id)
            .group_by(Response.building_id, Response.channel, Response.status)):
        counts[(building_id, channel, status)] = n
    buildings = db.session.scalars(select(Building).filter_by(community_id=survey.community_id)
                                   .order_by(Building.sort_key, Building.name))
    return [BuildingCount(b.name, households.get(b.id, 0),
                          counts.get((b.id, "web", "submitted"), 0),
                          counts.get((b.id, "paper", "submitted"), 0),
                          counts.get((b.id, "web", "in_progress"), 0)) for b in buildings]


def cochran_target(households: int) -> int:
    """METHOD M9 sample size for N households (95 %, ±5 %, p = 0.5), from survey_app.stats."""
    try:
        from ..stats.diagnostics import cochran_sample_size
    except ImportError:  # the stats module is still being written; same formula
        n0 = 1.96 ** 2 * 0.25 / 0.05 ** 2
        return min(households, math.ceil(round(n0 / (1 + (n0 - 1) / households), 9)))
    return cochran_sample_size(households)[1]


@dataclass(frozen=True)
class Progress:
    """Overall responses, response rate and the Cochran target."""

    households: int
    responses: int
    target: int | None

    @property
    def rate(self) -> float | None:
        return self.responses / self.households if self.households else None

    @property
    def share_of_target(self) -> float | None:
        return min(1.0, self.responses / self.target) if self.target else None


def progress(counts: list[BuildingCount]) -> Progress:
    """Totals over the buildings, with the Cochran target for the community."""
    households = sum(c.households for c in counts)
    responses = sum(c.responses for c in counts)
    return Progress(households, responses, cochran_target(households) if households else None)


def code_stats(survey: Survey) -> tuple[int, int]:
    """(codes issued, codes used)."""
    row = db.session.execute(select(func.count(AccessCode.id), func.count(AccessCode.used_on))
                             .filter_by(survey_id=survey.id)).one()
    return int(row[0]), int(row[1])
