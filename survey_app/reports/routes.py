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
    return submit(form, lambda: services.request_report(
        period, form.language.data, form.quotes.data, current_user),
        _("The report is being generated."),
        lambda job: url_for("jobs.progress", job_id=job.id)) \
        or (render_template("reports/reports.html", period=period, community=period.community,
                            form=form, reports=services.period_reports(period.id),
                            pending=services.pending_jobs(period.id)),
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
    """Ask for a stored report to be rendered again from the current data."""
    report = services.get_report(community_id, report_id)
    job = services.request_regenerate(report, current_user)
    db.session.commit()
    flash(_("The report is being generated."), "success")
    return redirect(url_for("jobs.progress", job_id=job.id))
