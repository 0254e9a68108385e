"""The committee's integrity page (刷满意度): signal counts, excluding flagged responses."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import require
from . import bp, integrity, services
from .forms import ExcludeForm
from .routes import PREFIX


def _render(survey, form, status: int = 200):
    signals = integrity.signals(survey)
    return render_template("surveys/integrity.html", survey=survey, period=survey.period,
                           community=survey.community, signals=signals, form=form,
                           FAST=integrity.FAST_SECONDS_PER_ITEM,
                           STRAIGHT=integrity.STRAIGHT_MIN_ITEMS,
                           BURST=integrity.BURST_SIZE,
                           WINDOW=integrity.WINDOW_MINUTES), status


@bp.route(PREFIX + "/integrity")
@require("survey.integrity", community_arg="community_id")
def integrity_page(community_id, period_id):
    """Counts of implausibly fast, straight-lined, burst and paper responses."""
    survey = services.require_survey(community_id, period_id)
    return _render(survey, ExcludeForm())


@bp.route(PREFIX + "/integrity/exclude", methods=["POST"])
@require("survey.integrity", community_arg="community_id")
def exclude(community_id, period_id):
    """Exclude the responses carrying one signal, with a reason (logged)."""
    survey = services.require_survey(community_id, period_id)
    form = ExcludeForm()
    if not form.validate_on_submit():
        return _render(survey, form, 400)
    try:
        count = integrity.exclude(survey, current_user, form.flag.data, form.reason.data)
    except FieldError as exc:  # raised before anything is written
        form_error(form, exc)
        return _render(survey, form, 400)
    db.session.commit()
    flash(_("%(n)d responses were excluded from the results.", n=count), "success")
    return redirect(url_for(".integrity_page", community_id=community_id, period_id=period_id))
