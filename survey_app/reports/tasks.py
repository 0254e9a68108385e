"""Report rendering on the job queue: the request asks, a worker renders (2–15 s)."""

from __future__ import annotations

from ..extensions import db
from ..jobs import job_task
from . import services


@job_task("report", permission="results.view")
def render_report(job) -> None:
    """Render the job's report (a new one, or again) into its stored PDF."""
    # the job's own commit point: writes of gathering the numbers end before rendering
    services.render_job(job, release=db.session.commit)
