"""Screens: results dashboard, ranking, PDF reports, notice board (公示), API tokens."""

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ..communities.services import get_community
from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import public, require
from . import bp, publishing, ranking, services, tokens
from .forms import PublishForm, ReportForm, TokenForm, WithdrawForm


@bp.route("/results/<int:community_id>/<int:period_id>")
def dashboard(community_id, period_id):
    """The results dashboard of a period."""
    period = services.get_period(community_id, period_id)
    return render_template("reports/dashboard.html", period=period, community=period.community,
                           view=services.dashboard(period),
                           rectifications=publishing.live_rectifications_of(period.id),
                           publication=publishing.active_publication(period.id),
                           publish_form=PublishForm())


@bp.route("/results/ranking")
@require("results.view")
def ranking_page():
    """Communities ranked by composite or a dimension, with change since last period."""
    sort = request.args.get("sort", "composite")
    rows, columns = ranking.ranking(sort)
    return render_template("reports/ranking.html", rows=rows, columns=columns, sort=sort)


@bp.route("/reports/<int:community_id>/<int:period_id>", methods=["GET", "POST"])
@require("report.manage", community_arg="community_id")
def reports(community_id, period_id):
    """A period's stored PDF reports, and the form to generate one."""
    period = services.get_period(community_id, period_id)
    form = ReportForm()
    form.set_comments(services.quotable_comments(period.id))
    status = 200
    if form.validate_on_submit():
        try:
            report = services.generate_report(period, form.language.data, form.quotes.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("The report was generated."), "success")
            return redirect(url_for(".reports", community_id=community_id, period_id=period_id,
                                    _anchor=f"report-{report.id}"))
    if form.errors:
        status = 400
    return render_template("reports/reports.html", period=period, community=period.community,
                           form=form, reports=services.period_reports(period.id)), status


@bp.route("/reports/<int:community_id>/file/<int:report_id>")
def download(community_id, report_id):
    """Download a stored PDF report."""
    report = services.get_report(community_id, report_id)
    return send_file(services.report_file(report), mimetype="application/pdf",
                     download_name=services.download_name(report),
                     as_attachment=request.args.get("inline") is None)


@bp.route("/reports/<int:community_id>/file/<int:report_id>/regenerate", methods=["POST"])
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


@bp.route("/results/<int:community_id>/<int:period_id>/publish", methods=["POST"])
@require("results.publish", community_arg="community_id")
def publish(community_id, period_id):
    """Put the period's summary on the public notice board."""
    period = services.get_period(community_id, period_id)
    form = PublishForm()
    if form.validate_on_submit():
        try:
            publishing.publish(period, form.note.data)
        except FieldError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Published on the notice board."), "success")
    else:
        flash(_("Please correct the marked fields."), "error")
    return redirect(url_for(".dashboard", community_id=community_id, period_id=period_id))


@bp.route("/notice/<int:community_id>/withdraw/<int:publication_id>",
          methods=["GET", "POST"])
@require("results.publish", community_arg="community_id")
def withdraw(community_id, publication_id):
    """Take a publication off the notice board, with a reason."""
    community = get_community(community_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            publishing.withdraw(community_id, publication_id, form.reason.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("The publication was withdrawn."), "success")
            return redirect(url_for(".notice", community_id=community_id))
    return render_template("reports/withdraw.html", community=community, form=form,
                           publication_id=publication_id), 400 if form.errors else 200


@bp.route("/notice/")
@public
def notice_index():
    """Public list of communities with published results."""
    return render_template("reports/notice_index.html",
                           communities=publishing.published_communities())


@bp.route("/notice/<int:community_id>")
@public
def notice(community_id):
    """Public notice board (公示) of a community: published periods and rectification status."""
    community = get_community(community_id)
    publications = publishing.notice_board(community_id)
    return render_template("reports/notice.html", community=community,
                           publications=publications,
                           rectifications=publishing.live_rectifications(publications))


@bp.route("/reports/api-tokens", methods=["GET", "POST"])
@require("api.manage")
def api_tokens():
    """Create and list API tokens (a new token is shown once)."""
    form = TokenForm()
    raw = None
    if form.validate_on_submit():
        _token, raw = tokens.create_token(form.name.data)
        db.session.commit()
        form = TokenForm(formdata=None)
    return render_template("reports/tokens.html", form=form, raw=raw,
                           tokens=tokens.list_tokens()), 400 if form.errors else 200


@bp.route("/reports/api-tokens/<int:token_id>/revoke", methods=["POST"])
@require("api.manage")
def revoke_token(token_id):
    """Revoke an API token."""
    tokens.revoke_token(token_id)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for(".api_tokens"))
