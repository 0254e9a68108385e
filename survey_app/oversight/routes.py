"""The cross-community overview, its exports and the drill-down to one community."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..communities.services import get_community
from ..extensions import db
from ..i18n import current_locale
from ..jobs.files import request_file, to_progress
from ..permissions import ensure_oversees, officer_only
from . import bp, pages, services
from .models import OverviewRow
from .services_overview import grade_words, overview_for, small_cell_sizes


def _page_rows(filters):
    page = overview_for(current_user, filters)
    sizes = small_cell_sizes(r["community_id"] for r in page.rows)
    pages.decorate(page.rows, officer_only(current_user), sizes)
    return page


@bp.route("/")
def index():
    """One row per community: results of record, KPIs, coverage; filters, sort, pages."""
    filters = pages.filters_from(request.args)
    page = _page_rows(filters)
    chart = pages.grade_chart(page.grades, grade_words(page.grades)) if page.grades else ""
    return render_template("oversight/index.html", page=page, filters=filters, chart=chart,
                           companies=services.companies(),
                           jurisdictions=services.jurisdictions(),
                           grades=grade_words(page.grades), args=request.args.to_dict())


def _export(kind: str):
    """Ask a worker for every row matching the request's filters (the page's query string)."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    job = request_file("overview_export", current_user, None, {**args, "format": kind},
                       current_locale())
    db.session.commit()
    return to_progress(job)


@bp.route("/export.csv")
def export_csv():
    """Ask a worker for the filtered overview as CSV (formula-like cells defused)."""
    return _export("csv")


@bp.route("/export.xlsx")
def export_xlsx():
    """Ask a worker for the filtered overview as an Excel workbook."""
    return _export("xlsx")


@bp.route("/c/<int:community_id>")
def community(community_id):
    """A community's results of record over time (government: published ones only)."""
    ensure_oversees(community_id, current_user)
    community = get_community(community_id)
    statuses = ("published",) if officer_only(current_user) else ("closed", "published")
    rows = list(db.session.scalars(select(OverviewRow).where(
        OverviewRow.community_id == community_id, OverviewRow.status.in_(statuses))
        .order_by(OverviewRow.start_date.desc())))
    return render_template("oversight/community.html", community=community, rows=rows,
                           history=services.company_history(community_id))
