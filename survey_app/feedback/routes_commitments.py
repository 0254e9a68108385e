"""Service commitments 服务承诺: the public page per community; the service hours and hotline
and the working-hours calendar that staff keep."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from ..communities.services import get_community
from ..permissions import public, require
from ..routes_base import attempt, submit
from . import bp
from . import commitments as service
from .forms import CalendarEntryForm, TermsForm
from .models import CALENDAR_KINDS, SEVERITIES, SLA_STEPS, TYPES
from .routes_public import _community

#: the years a calendar page accepts (others answer 404)
YEARS = range(2020, 2100)


@bp.route("/<code>/commitments")
@public
def commitments(code):
    """The community's public service commitment: time limits, service hours, hotline and
    how often each step kept its limit."""
    community = _community(code)
    return render_template(
        "feedback/commitments.html", community=community,
        rows=service.commitment_rows(community.id),
        terms=service.get_terms(community.id),
        compliance=service.period_compliance(community),
        TYPES=TYPES, SEVERITIES=SEVERITIES, SLA_STEPS=SLA_STEPS)


@bp.route("/<int:community_id>/terms", methods=["GET", "POST"])
def terms(community_id):
    """Edit the service hours and hotline stated in the public commitment."""
    community = get_community(community_id)
    form = TermsForm(obj=service.get_terms(community_id))
    done = submit(form, lambda: service.save_terms(
        community_id, hotline=form.hotline.data or "", opens=form.opens.data,
        closes=form.closes.data, after_hours=form.after_hours.data or ""),
        _("Service hours saved."), url_for(".terms", community_id=community_id))
    return done or (render_template("feedback/terms.html", community=community, form=form),
                    400 if form.errors else 200)


def _year(year: int) -> int:
    if year not in YEARS:
        from ..errors import NotFound

        raise NotFound("no such year")
    return year


@bp.route("/calendar/<int:year>", methods=["GET", "POST"])
@require("calendar.manage")
def calendar(year):
    """A year's public holidays and make-up work days; add a range."""
    _year(year)
    form = CalendarEntryForm()
    done = submit(form, lambda: service.add_entry(
        year=year, kind=form.kind.data, name=form.name.data, first_day=form.first_day.data,
        last_day=form.last_day.data), _("Calendar entry added."),
        url_for(".calendar", year=year))
    return done or (render_template("feedback/calendar.html", year=year, form=form,
                                    entries=service.entries(year), KINDS=CALENDAR_KINDS),
                    400 if form.errors else 200)


@bp.route("/calendar/<int:year>/<int:entry_id>/delete", methods=["POST"])
@require("calendar.manage")
def calendar_delete(year, entry_id):
    """Remove one calendar entry."""
    _year(year)
    return attempt(lambda: service.delete_entry(year, entry_id),
                   _("Calendar entry removed."), url_for(".calendar", year=year))
