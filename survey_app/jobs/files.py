"""Downloads made by a worker: the request asks, the worker writes the file, the progress
page offers it. Features declare ``file_task`` kinds; routes call ``request_file`` and
redirect with ``to_progress``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import current_app, redirect, url_for
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..models_base import utcnow
from . import job_task, pages
from .models import Job
from .services import create_job

#: folder under REPORTS_DIR holding the files of finished download jobs
FOLDER = "jobs"
#: a file job older than this is deleted with its file (a download, not a record)
KEEP = timedelta(days=7)


def file_task(kind: str, permission: str, label, back: Callable[[Job], str] | None = None):
    """Declare ``fn(job) -> (bytes, download name)`` as the work of a file job kind: it
    renders in the language of the request that asked; only the asker sees the file."""
    pages.KIND_LABELS[kind] = label
    if back is not None:
        pages.BACK_LINKS[kind] = back

    def decorate(fn):
        def work(job: Job) -> None:
            language = job.params.get("language") or current_app.config["BABEL_DEFAULT_LOCALE"]
            with force_locale(language):
                data, name = fn(job)
            store_file(job, data, name)

        work.__module__, work.__name__ = fn.__module__, fn.__name__
        return job_task(kind, permission, requester_only=True)(work)

    return decorate


def store_file(job: Job, data: bytes, name: str) -> None:
    """Write a job's finished file and record where it is and what it is called (flushes)."""
    # the id names the file on disk: download names may hold Chinese or slashes
    relative = Path(FOLDER) / f"{job.id}{Path(name).suffix}"
    path = Path(current_app.config["REPORTS_DIR"]) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    job.result_path, job.result_name = str(relative), name.replace("/", "-")
    db.session.flush()


def request_file(kind: str, user, community_id: int | None, params: dict, language: str,
                 subject_id: int | None = None) -> Job:
    """``user`` asks for a file; the same request still waiting or running is reused, so a
    reload or a double click renders once (flushes; returns the job)."""
    params = {**params, "language": language}
    waiting = db.session.scalars(select(Job).where(
        Job.kind == kind, Job.requested_by_id == getattr(user, "id", None),
        Job.community_id == community_id, Job.subject_id == subject_id,
        Job.state.in_(("queued", "running")))).all()
    for job in waiting:
        if job.params == params:
            return job
    return create_job(kind, user, community_id, subject_id, params)


def to_progress(job: Job):
    """The answer of a route that asked for a file: its progress page."""
    return redirect(url_for("jobs.progress", job_id=job.id), code=303)


def purge_old_files(now=None) -> int:
    """Delete finished file jobs older than KEEP with their files (flushes; the count)."""
    cutoff = (now or utcnow()) - KEEP
    old = db.session.scalars(select(Job).where(
        Job.result_path.like(f"{FOLDER}/%"), Job.finished_at <= cutoff)).all()
    root = Path(current_app.config["REPORTS_DIR"])
    for job in old:
        (root / job.result_path).unlink(missing_ok=True)
        db.session.delete(job)
    db.session.flush()
    return len(old)
