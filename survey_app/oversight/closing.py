"""Closing a quarter for many communities: one background part per community.

A director (or an administrator) asks once; the request only writes a Job and one JobItem
per community having a period of that label, then a fan-out task queues one task per part.
Each part freezes the period's result of record (when both parties closed it and it has
none yet) and rewrites its overview row. Parts are idempotent: a part starts only from
"queued" (a duplicate message does nothing), and its record and its "done" commit together
(a killed worker's part, queued again, finds the record and stores no twin).

Closing itself stays a two-party act (survey_app/acts): a period still open is skipped and
named, never closed from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..acts.models import ActProposal
from ..communities.models import Community, Period
from ..errors import FieldError
from ..extensions import db
from ..jobs import create_job
from ..jobs.models import FINISHED, Job, JobItem
from ..models_base import utcnow
from ..permissions import oversight_community_ids
from ..results.records import RECORDED_STATUSES, current_record
from .rows import refresh_overview_row

KIND = "quarter_close"
#: what a part did, by the code it stores (a failure stores the error's text instead)
STORED, RECORDED, OPEN = "stored", "recorded", "open"
UNFINISHED = ("queued", "running")


def _in_scope(query, user):
    """Limit a query on Period to the communities the user oversees (admin and the command
    line, user None: all)."""
    allowed = None if user is None else oversight_community_ids(user)
    return query if allowed is None else query.where(Period.community_id.in_(allowed or [-1]))


def quarter_labels(user, limit: int = 12) -> list[str]:
    """Period labels of the overseen communities, newest first (the form's choices)."""
    query = _in_scope(select(Period.label, Period.start_date), user)
    latest: dict[str, object] = {}
    for label, start in db.session.execute(query.distinct()):
        latest[label] = max(latest.get(label, start), start)
    return sorted(latest, key=lambda label: latest[label], reverse=True)[:limit]


def start_close(user, label: str) -> Job:
    """Ask for the quarter ``label`` to be recorded in every overseen community (flushes;
    the parts are queued once the request commits)."""
    label = (label or "").strip()
    if not label:
        raise FieldError("label", _("Choose the quarter to close."))
    ids = list(db.session.scalars(_in_scope(
        select(Period.community_id).where(Period.label == label), user).distinct()))
    if not ids:
        raise FieldError("label", _("No community you oversee has a period called "
                                    "%(label)s.", label=label))
    job = create_job(KIND, user, None, params={"label": label, "total": len(ids)})
    # one multi-row INSERT: a few thousand parts stay a light request
    db.session.execute(insert(JobItem), [
        {"job_id": job.id, "community_id": c, "state": "queued", "message": "",
         "attempts": 0} for c in ids])
    audit.record("period.close_many", job, community_id=None, label=label,
                 communities=len(ids))
    return job


def fan_out(job_id: int) -> list[int]:
    """Mark the job running and return its parts still queued (commits): the caller queues
    one task each. Run again (a lost message), it returns only what is still to do."""
    job = db.session.get(Job, job_id, with_for_update=True)
    if job is None or job.state in FINISHED:
        db.session.rollback()
        return []
    if job.state == "queued":
        job.state, job.started_at, job.attempts = "running", utcnow(), job.attempts + 1
    ids = list(db.session.scalars(select(JobItem.id).where(
        JobItem.job_id == job_id, JobItem.state == "queued").order_by(JobItem.id)))
    db.session.commit()
    return ids


def close_part(item_id: int) -> None:
    """Do one community's part once: freeze its record, rewrite its row (commits)."""
    item = _claim(item_id)
    if item is None:
        return
    state, message = _attempt(item_id)
    # the record and "done" commit together: a killed worker leaves neither behind
    _mark(db.session.get(JobItem, item_id), state, message)
    db.session.commit()
    finish_job(item.job_id)


def _attempt(item_id: int, tries: int = 2) -> tuple[str, str]:
    """The part's work, tried again once after a unique-key clash: a twin stored the record
    first, or another part made a shared row (the default scheme) at the same moment."""
    for left in range(tries - 1, -1, -1):
        try:
            return _record(db.session.get(JobItem, item_id))
        except IntegrityError as exc:
            db.session.rollback()
            if not left:
                return "failed", str(exc.orig)
        except Exception as exc:  # noqa: BLE001  (any failure is shown by community name)
            db.session.rollback()
            current_app.logger.exception("closing part %s failed", item_id)
            return "failed", str(exc) or type(exc).__name__
    return "failed", ""


def _claim(item_id: int) -> JobItem | None:
    """Move the part from queued to running (one UPDATE: of two messages one wins)."""
    moved = db.session.execute(update(JobItem).where(
        JobItem.id == item_id, JobItem.state == "queued").values(
        state="running", started_at=utcnow(), attempts=JobItem.attempts + 1)).rowcount
    db.session.commit()
    return db.session.get(JobItem, item_id) if moved == 1 else None


def _mark(item: JobItem, state: str, message: str) -> None:
    item.state, item.message, item.finished_at = state, message[:2000], utcnow()
    db.session.flush()


def _record(item: JobItem) -> tuple[str, str]:
    """The part's work: (state, message code) once the record and the row are written."""
    from ..acts.previews import reopen_reason
    from ..acts.services import freeze_record  # the acts build on this package's rows

    label = db.session.get(Job, item.job_id).params["label"]
    period = db.session.scalar(select(Period).where(
        Period.community_id == item.community_id, Period.label == label))
    if period is None or period.status not in RECORDED_STATUSES:
        return "skipped", OPEN
    if current_record(period) is not None:
        refresh_overview_row(period)
        return "done", RECORDED
    try:
        freeze_record(period, _close_act(period.id), reopen_reason(period.id))
    except FieldError as exc:  # the result cannot be computed: say why, by community
        raise RuntimeError(str(exc)) from None
    return "done", STORED


def _close_act(period_id: int):
    """Who proposed and confirmed the period's close (none for a close made elsewhere)."""
    act = db.session.scalar(select(ActProposal).where(
        ActProposal.period_id == period_id, ActProposal.kind == "close",
        ActProposal.status == "confirmed").order_by(ActProposal.id.desc()).limit(1))
    return act or SimpleNamespace(proposed_by_id=None, proposed_at=None, confirmed_by_id=None)


def finish_job(job_id: int) -> None:
    """The job is done once no part is queued or running (one conditional UPDATE, after
    the part's commit, so the last part to finish always sees every other one)."""
    unfinished = exists().where(JobItem.job_id == job_id, JobItem.state.in_(UNFINISHED))
    db.session.execute(update(Job).where(Job.id == job_id, Job.state.not_in(FINISHED),
                                         ~unfinished).values(state="done",
                                                             finished_at=utcnow()))
    db.session.commit()


def lost_parts(older_than: timedelta, now: datetime | None = None) -> list[int]:
    """Parts left running by a killed worker, put back in the queue (flushes): their ids."""
    cutoff = (now or utcnow()) - older_than
    ids = list(db.session.scalars(select(JobItem.id).where(
        JobItem.state == "running", JobItem.started_at <= cutoff)))
    if ids:
        db.session.execute(update(JobItem).where(JobItem.id.in_(ids), JobItem.state ==
                                                 "running").values(state="queued"))
        db.session.flush()
    return ids


def parts_summary(job: Job) -> dict:
    """Counts per state (one GROUP BY) and the parts that failed or were skipped, by
    community name: the page refreshes every few seconds over thousands of parts."""
    counts = dict.fromkeys(("queued", "running", "done", "skipped", "failed"), 0)
    counts.update(db.session.execute(select(JobItem.state, func.count()).where(
        JobItem.job_id == job.id).group_by(JobItem.state)).all())
    named = db.session.execute(select(JobItem, Community.name).join(
        Community, Community.id == JobItem.community_id).where(
        JobItem.job_id == job.id, JobItem.state.in_(("failed", "skipped")))
        .order_by(Community.name)).all()
    return {"counts": counts, "total": sum(counts.values()),
            "finished": counts["done"] + counts["skipped"] + counts["failed"],
            "failed": [(name, item) for item, name in named if item.state == "failed"],
            "skipped": [(name, item) for item, name in named if item.state == "skipped"]}


def recent_jobs(user, limit: int = 10) -> list[Job]:
    """The user's latest quarter closes, newest first."""
    return list(db.session.scalars(select(Job).where(
        Job.kind == KIND, Job.requested_by_id == user.id).order_by(Job.id.desc())
        .limit(limit)))
