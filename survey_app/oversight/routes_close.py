"""Closing a quarter for many communities: the form that queues it (parts in the background)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..jobs.models import JOB_STATES
from ..permissions import require
from ..routes_base import submit
from . import bp, close_pages, closing  # noqa: F401  (close_pages registers the job kind)
from .forms import CloseQuarterForm


@bp.route("/close", methods=["GET", "POST"])
@require("period.close_many")
def close_quarter():
    """Record a quarter in every overseen community as background jobs; nothing heavy here."""
    form = CloseQuarterForm()
    form.label.choices = [(label, label) for label in closing.quarter_labels(current_user)]
    done = submit(form, lambda: closing.start_close(current_user, form.label.data),
                  _("Queued: one background job per community. This page shows how far "
                    "they are."),
                  lambda job: url_for("jobs.progress", job_id=job.id))
    if done is not None:
        return done
    page = render_template("oversight/close.html", form=form,
                           jobs=closing.recent_jobs(current_user), job_states=JOB_STATES)
    return (page, 400) if form.is_submitted() else page
