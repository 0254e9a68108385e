"""Screens: a background job's progress page and its finished file."""

from flask import render_template, send_file
from flask_login import current_user

from ..permissions import login_only
from . import bp, pages, services


@bp.route("/<int:job_id>")
@login_only
def progress(job_id):
    """A job's state; the page refreshes itself until the file is ready."""
    job = services.visible_job(job_id, current_user)
    return render_template("jobs/job.html", **pages.job_context(job))


@bp.route("/<int:job_id>/file")
@login_only
def download(job_id):
    """The file a finished job made."""
    job = services.visible_job(job_id, current_user)
    return send_file(services.result_file(job), download_name=job.result_name or "download",
                     as_attachment=True)
