"""Background jobs on a task queue (Huey): PDFs and exports leave the request.

The API other features use:

- ``task(...)`` / ``periodic_task(schedule)``: declare queue tasks (they run inside the app);
- ``job_task(kind, permission)``: declare the task doing jobs of a kind, ``fn(job)``;
- ``create_job(kind, user, community_id, subject_id, params)``: a Job row, queued on commit;
- ``enqueue_after_commit(task, *args)``: queue any task once the request commits.
"""

from __future__ import annotations

from flask import Blueprint

from .queue import configure, crontab, huey, periodic_task, task
from .services import create_job, enqueue_after_commit, register_kind, run

__all__ = ["bp", "configure", "create_job", "crontab", "enqueue_after_commit", "huey",
           "job_task", "periodic_task", "task"]

bp = Blueprint("jobs", __name__, url_prefix="/jobs", template_folder="templates")


def job_task(kind: str, permission: str, requester_only: bool = False, **options):
    """Declare ``fn(job)`` as the work of every job of ``kind`` (done once per job), seen
    on its progress page by holders of ``permission`` in the job's community (and, with
    ``requester_only``, only by the person who asked)."""
    def decorate(fn):
        def run_job(job_id: int) -> None:
            run(job_id, fn)

        wrapped = task(name=f"{fn.__module__}.{fn.__name__}", **options)(run_job)
        register_kind(kind, wrapped, permission, requester_only)
        return wrapped

    return decorate


from . import cli, routes  # noqa: E402,F401
