"""Closing a quarter for many communities: the fan-out, one task per community, and the
periodic requeue of parts whose worker was killed."""

from __future__ import annotations

from ..extensions import db
from ..jobs import crontab, enqueue_after_commit, periodic_task, task
from ..jobs.services import register_kind, stale_after
from . import closing


@task()
def close_community(item_id: int) -> None:
    """One community's part: its result of record and its overview row (done once)."""
    closing.close_part(item_id)


@task()
def start_quarter_close(job_id: int) -> None:
    """Queue one task per community still to do; every worker takes them in parallel."""
    for item_id in closing.fan_out(job_id):
        close_community(item_id)


# a lost fan-out message is queued again by jobs.tasks.requeue_lost_jobs like any job
register_kind(closing.KIND, start_quarter_close, "period.close_many")


@periodic_task(crontab(minute="*"))
def requeue_lost_close_parts() -> None:
    """Every minute: parts a killed worker left running are queued again (they run once)."""
    for item_id in closing.lost_parts(stale_after()):
        enqueue_after_commit(close_community, item_id)
    db.session.commit()
