"""Results screens: a period's dashboard, its score details, and the company ranking."""

from __future__ import annotations

from flask import render_template, request

from ..communities.services import get_community, get_period
from ..extensions import db
from ..permissions import community_ids, require
from ..publishing import services as publishing
from ..reports.charts import period_charts
from ..surveys.integrity import excluded_in_period
from . import bp, comparability, pages, records, services


@bp.route("/<int:community_id>/<int:period_id>")
def dashboard(community_id, period_id):
    """The results dashboard of a period: numbers, trend and charts."""
    period = get_period(community_id, period_id)
    try:
        trend = services.trend(period)
    except services.ResultError as exc:
        return _error_page(period, exc)
    db.session.commit()  # keeps the cached results
    view = pages.period_view(trend[-1].result, trend, comparability.breaks_of(trend))
    view.charts = period_charts(view, trend)
    return render_template("results/dashboard.html", period=period, community=period.community,
                           view=view,
                           rectifications=publishing.live_rectifications_of(period.id),
                           publication=publishing.active_publication(period.id),
                           record=records.current_record(period),
                           excluded=excluded_in_period(period.id))


@bp.route("/<int:community_id>/periods/<int:period_id>")
def show(community_id, period_id):
    """A period's composite index, dimension scores per source, CIs, n and flags: its result
    of record (?revision= an earlier one), or a labelled "what if" under ?scheme=."""
    community = get_community(community_id)
    period = get_period(community_id, period_id)
    asked = request.args.get("scheme", type=int)
    version = pages.requested_version(asked, community_id)
    record = pages.requested_record(period, request.args.get("revision", type=int))
    try:
        if record is not None and asked is None:
            result = records.result_of(record)
        elif record is not None:
            result = services.what_if(period, version)
        else:
            result = services.period_result(period, version)
    except services.ResultError as exc:
        return _error_page(period, exc, version)
    db.session.commit()  # keeps the cached result
    return render_template("results/show.html", community=community, period=period,
                           version=version, result=result, error=None, record=record,
                           what_if=record is not None and asked is not None,
                           view=pages.result_view(result))


def _error_page(period, exc, version=None):
    """The score page saying why the result cannot be computed (422)."""
    db.session.commit()  # nothing half-done: the error is raised before anything is stored
    version = version or pages.requested_version(None, period.community_id)
    return render_template("results/show.html", community=period.community, period=period,
                           version=version, result=None, error=str(exc), record=None,
                           what_if=False), 422


@bp.route("/ranking")
@require("results.view")
def ranking():
    """Communities ranked by composite or a dimension, with change since last period."""
    sort = request.args.get("sort", "composite")
    rows, columns = services.ranking(community_ids("results.view"), sort)
    db.session.commit()  # keeps the cached results
    return render_template("results/ranking.html", rows=rows, columns=columns, sort=sort)
