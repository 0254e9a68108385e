"""Worker tasks of the overview: closing a quarter for many communities (the fan-out, one
task per community, the periodic requeue of parts whose worker was killed) and the
overview's exports (2,000 communities × periods of rows)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..auth.models import User
from ..errors import NotFound
from ..extensions import db
from ..jobs import crontab, enqueue_after_commit, periodic_task, task
from ..jobs.files import file_task
from ..jobs.services import register_kind, stale_after
from ..permissions import officer_only
from . import closing, exports, pages
from .services_overview import all_rows_for, small_cell_sizes


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


def export_rows(user, args: dict) -> list[dict]:
    """Every overview row ``user`` may see matching the query-string arguments, decorated
    as the page shows them (the government's small cells hidden)."""
    rows = all_rows_for(user, pages.filters_from(args))
    return pages.decorate(rows, officer_only(user),
                          small_cell_sizes(r["community_id"] for r in rows))


@file_task("overview_export", "overview.view", _l("Overview export"),
           back=lambda job: url_for("oversight.index"))
def export_overview(job) -> tuple[bytes, str]:
    """The filtered overview as CSV or Excel, as the person who asked sees it."""
    user = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    if user is None or not user.is_active:
        raise NotFound("the account that asked is gone")
    kind = job.params["format"]
    return exports.overview_file(export_rows(user, job.params), kind), f"overview.{kind}"
