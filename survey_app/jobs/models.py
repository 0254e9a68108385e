"""Background jobs as the people who asked for them see them: state, progress, the file."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import by_user, utcnow

JOB_STATES = {"queued": _l("Waiting in line"), "running": _l("Working on it"),
              "done": _l("Ready"), "failed": _l("Failed")}
#: states after which a job never runs again
FINISHED = ("done", "failed")


class Job(db.Model):
    """One piece of work asked for in a request and done by a worker (PDFs, exports)."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: registered kind, e.g. "report": names the task and who may see the job
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    requested_by_id: Mapped[int | None] = by_user()
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), index=True)
    #: the row the job works on (e.g. the report), for links and re-runs
    subject_id: Mapped[int | None]
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="queued", index=True)
    #: a key of pages.PROGRESS (translated when shown) or plain text
    progress: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: the finished file, relative to REPORTS_DIR, and the name it is offered under
    result_path: Mapped[str | None] = mapped_column(String(255))
    result_name: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


#: states of one part of a job; "skipped" parts had nothing to do and say why
ITEM_STATES = {"queued": _l("Waiting in line"), "running": _l("Working on it"),
               "done": _l("Finished"), "skipped": _l("Skipped"), "failed": _l("Failed")}
ITEM_FINISHED = ("done", "skipped", "failed")


class JobItem(db.Model):
    """One community's part of a job that fans out (closing a quarter for many communities):
    done by its own task, so parts run in parallel on every worker."""

    __tablename__ = "job_item"
    # one part per community and job: a re-run finds the row instead of adding one
    __table_args__ = (UniqueConstraint("job_id", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), nullable=False)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="queued", index=True)
    #: why the part failed or was skipped, or what it did
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
