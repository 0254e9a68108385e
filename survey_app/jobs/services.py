"""Jobs: made in a request, queued once it commits, done once by a worker, seen by whom."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..extensions import db
from ..models_base import utcnow
from ..permissions import can
from ..transitions import advance
from .models import Job
from .queue import activate

#: session.info key of the tasks waiting for the transaction to commit
PENDING = "jobs_after_commit"


@dataclass(frozen=True)
class Kind:
    """What does a job kind's work (a queue task taking the job id) and who may see it."""

    task: Callable
    permission: str
    #: only the person who asked sees the job (exports shaped by their own rights)
    requester_only: bool = False


KINDS: dict[str, Kind] = {}


def register_kind(kind: str, task: Callable, permission: str,
                  requester_only: bool = False) -> None:
    """Declare the task that does jobs of ``kind``, seen by holders of ``permission``."""
    KINDS[kind] = Kind(task, permission, requester_only)


def enqueue_after_commit(task: Callable, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits; a rollback
    drops it, so a worker never looks for rows that were not committed."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any SQL still drops the task
    session.info.setdefault(PENDING, []).append((task, args, kwargs))


@sa_event.listens_for(Session, "after_commit")
def _enqueue_pending(session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    if has_app_context():
        activate(current_app._get_current_object())
    for task, args, kwargs in pending:
        task(*args, **kwargs)


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # a savepoint's rollback keeps the rest
        session.info.pop(PENDING, None)


def create_job(kind: str, user, community_id: int | None, subject_id: int | None = None,
               params: dict | None = None) -> Job:
    """``user`` asks for a job of a registered kind; queued once the request commits (flushes)."""
    job = Job(kind=kind, requested_by_id=getattr(user, "id", None), community_id=community_id,
              subject_id=subject_id, params=params or {}, state="queued")
    db.session.add(job)
    db.session.flush()
    enqueue_after_commit(KINDS[kind].task, job.id)
    return job


def visible_job(job_id: int, user) -> Job:
    """A job ``user`` may follow: they hold the kind's permission in its community, else 404."""
    job = db.session.get(Job, job_id)
    kind = KINDS.get(job.kind) if job is not None else None
    # not "forbidden": whether another community's job exists is not for this user to learn
    if kind is None or not can(kind.permission, job.community_id, user):
        raise NotFound
    if kind.requester_only and job.requested_by_id != getattr(user, "id", None):
        raise NotFound
    return job


def result_file(job: Job) -> Path:
    """The finished file of a job, or 404 while there is none."""
    path = Path(current_app.config["REPORTS_DIR"]) / (job.result_path or "")
    if job.state != "done" or not job.result_path or not path.is_file():
        raise NotFound
    return path


def run(job_id: int, work: Callable[[Job], None]) -> None:
    """Do ``work(job)`` for a job that is not finished yet, recording each state (commits).

    Only a queued job starts, so a message delivered twice never does the work twice; a
    job whose worker was killed stays "running" until ``requeue_stale`` queues it again.
    """
    job = _start(job_id)
    if job is None:
        return
    try:
        work(job)
    except Exception as exc:  # noqa: BLE001  (any failure is shown on the job's page)
        db.session.rollback()
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        _finish(db.session.get(Job, job_id), "failed", error=str(exc) or type(exc).__name__)
        return
    _finish(job, "done")


def _start(job_id: int) -> Job | None:
    job = db.session.get(Job, job_id, with_for_update=True)
    # only a queued job starts: a duplicate message finds it running or finished
    if job is None or job.state != "queued":
        db.session.rollback()
        return None
    job.state, job.started_at, job.attempts = "running", utcnow(), job.attempts + 1
    db.session.commit()
    return job


def _finish(job: Job, state: str, error: str | None = None) -> None:
    job.state, job.finished_at = state, utcnow()
    if error is not None:
        job.error = error[:2000]
    db.session.commit()


def retry_failed(job: Job) -> bool:
    """Queue a failed job again, once even if two people ask at the same moment (flushes;
    queued once the caller commits); False when it was not failed any more."""
    if not advance(job, {"state": "failed"}, {"state": "queued", "error": None,
                                              "progress": "", "finished_at": None}):
        return False
    enqueue_after_commit(KINDS[job.kind].task, job.id)
    return True


def requeue_stale(older_than: timedelta, now: datetime | None = None,
                  queued_too: bool = True) -> list[Job]:
    """Queue again the jobs a killed worker left running, and (``queued_too``) those queued
    so long that their message was probably lost (flushes; queued once the caller commits)."""
    cutoff = (now or utcnow()) - older_than
    lost = (Job.state == "running") & (Job.started_at <= cutoff)
    if queued_too:
        lost = or_(lost, (Job.state == "queued") & (Job.created_at <= cutoff))
    stale = list(db.session.scalars(select(Job).where(lost)))
    for job in stale:
        if job.kind in KINDS:
            job.state = "queued"
            enqueue_after_commit(KINDS[job.kind].task, job.id)
    db.session.flush()
    return stale


def stale_after() -> timedelta:
    """How long a job may run before it counts as lost (config JOBS_STALE_SECONDS)."""
    return timedelta(seconds=int(current_app.config.get("JOBS_STALE_SECONDS", 900)))
