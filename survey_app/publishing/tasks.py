"""The notice PDF on the job queue: the publishing request records the act, a worker
renders the PDF (2–15 s) and records it."""

from __future__ import annotations

from ..extensions import db
from ..jobs import job_task
from . import pdfs


@job_task(pdfs.KIND, permission="results.publish")
def render_notice_pdf(job) -> None:
    """Render, keep and record the PDF of the job's publication (once per publication)."""
    # the job's own commit point: what gathering the numbers wrote ends before rendering
    pdfs.render_job(job, release=db.session.commit)
