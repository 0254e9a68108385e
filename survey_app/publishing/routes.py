"""Screens: withdraw a publication, the public notice board (公示) and a period's history.

Publishing itself is a two-party act: survey_app/acts proposes and confirms it.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, get_period
from ..disclosures.services import notice_items
from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import public, require
from ..routes_base import attempt
from . import bp, pdfs, services
from .forms import WithdrawForm


@bp.app_template_global("notice_pdf")
def notice_pdf(publication) -> pdfs.PdfStatus:
    """Where a publication's PDF stands (kept, being generated, failed), for its card."""
    return pdfs.status_of(publication)


@bp.route("/notice/<int:community_id>/withdraw/<int:publication_id>",
          methods=["GET", "POST"])
@require("results.publish", community_arg="community_id")
def withdraw(community_id, publication_id):
    """Propose taking a publication off the notice board, with a reason (the other party
    confirms it: the notice stays up until then)."""
    community = get_community(community_id)
    publication = services.get_publication(community_id, publication_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            proposal = services.propose_takedown(current_user, publication, form.reason.data)
        except FieldError as exc:
            db.session.rollback()
            form_error(form, exc, default="reason")
        else:
            db.session.commit()
            flash(_("Proposed. The notice stays on the board until a member of the other "
                    "party confirms taking it down from their own account."), "success")
            return redirect(url_for("acts.period", community_id=community_id,
                                    period_id=proposal.period_id))
    return render_template("publishing/withdraw.html", community=community, form=form,
                           publication=publication), 400 if form.errors else 200


@bp.route("/notice/<int:community_id>/publications/<int:publication_id>/pdf/retry",
          methods=["POST"])
@require("results.publish", community_arg="community_id")
def retry_pdf(community_id, publication_id):
    """Queue a publication's PDF again after its generation failed."""
    return attempt(lambda: pdfs.retry(community_id, publication_id),
                   _("The PDF is being generated again."),
                   url_for(".notice", community_id=community_id))


@bp.route("/notice/")
@public
def notice_index():
    """Public list of communities with published results."""
    return render_template("publishing/notice_index.html",
                           communities=services.published_communities())


@bp.route("/notice/<int:community_id>")
@public
def notice(community_id):
    """Public notice board (公示) of a community: published periods and rectification status."""
    community = get_community(community_id)
    publications = services.notice_board(community_id)
    return render_template("publishing/notice.html", community=community,
                           publications=publications, disclosures=notice_items(community_id),
                           rectifications=services.live_rectifications(publications))


@bp.route("/notice/<int:community_id>/periods/<int:period_id>/history")
@public
def history(community_id, period_id):
    """Public history of a period's notices: every revision published, withdrawn ones too."""
    community = get_community(community_id)
    period = get_period(community_id, period_id)
    return render_template("publishing/history.html", community=community, period=period,
                           publications=services.period_publications(period_id))
