"""Screens: a period's PDF reports (generate, download, regenerate)."""

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_period
from ..extensions import db
from ..permissions import require
from ..routes_base import submit
from . import bp, services
from .forms import ReportForm


@bp.route("/<int:community_id>/<int:period_id>", methods=["GET", "POST"])
@require("report.manage", community_arg="community_id")
def reports(community_id, period_id):
    """A period's stored PDF reports, and the form to generate one."""
    period = get_period(community_id, period_id)
    form = ReportForm()
    form.set_comments(services.quotable_comments(period.id))
    return submit(form, lambda: services.generate_report(
        period, form.language.data, form.quotes.data, current_user),
        _("The report was generated."),
        lambda report: url_for(".reports", community_id=community_id, period_id=period_id,
                               _anchor=f"report-{report.id}")) \
        or (render_template("reports/reports.html", period=period, community=period.community,
                            form=form, reports=services.period_reports(period.id)),
            400 if form.errors else 200)


@bp.route("/<int:community_id>/file/<int:report_id>")
def download(community_id, report_id):
    """Download a stored PDF report."""
    report = services.get_report(community_id, report_id)
    return send_file(services.report_file(report), mimetype="application/pdf",
                     download_name=services.download_name(report),
                     as_attachment=request.args.get("inline") is None)


@bp.route("/<int:community_id>/file/<int:report_id>/regenerate", methods=["POST"])
@require("report.manage", community_arg="community_id")
def regenerate(community_id, report_id):
    """Render a stored report again from the current data."""
    report = services.get_report(community_id, report_id)
    before = report.numbers_hash
    services.regenerate_report(report)
    db.session.commit()
    if before == report.numbers_hash:
        flash(_("Regenerated: the numbers are identical to the previous version."), "success")
    else:
        flash(_("Regenerated: the data changed since the previous version, so did the numbers."),
              "info")
    return redirect(url_for(".reports", community_id=community_id,
                            period_id=report.period_id))
