"""Presentation of a job: its state in words, whether the page refreshes, where to go back."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from .models import FINISHED, JOB_STATES, Job

#: progress keys a task may store, in words when shown
PROGRESS = {
    "numbers_same": _l("Regenerated: the numbers are identical to the previous version."),
    "numbers_changed": _l("Regenerated: the data changed since the previous version, "
                          "so did the numbers."),
}
#: job kind → the page the job was asked for on (registered by the feature)
BACK_LINKS: dict[str, Callable[[Job], str]] = {}
KIND_LABELS: dict[str, str] = {}
#: job kind → more context for its progress page (e.g. the parts of a job that fans out)
DETAILS: dict[str, Callable[[Job], dict]] = {}
#: seconds between refreshes of an unfinished job's page
REFRESH_SECONDS = 2


def job_context(job: Job) -> dict:
    """The progress page's context."""
    back = BACK_LINKS.get(job.kind)
    details = DETAILS.get(job.kind)
    return {**(details(job) if details else {}), "job": job, "state_label": JOB_STATES.get(job.state, job.state),
            "kind_label": KIND_LABELS.get(job.kind, job.kind),
            "progress": PROGRESS.get(job.progress, job.progress),
            "refresh": REFRESH_SECONDS if job.state not in FINISHED else None,
            "back_url": back(job) if back else None}
