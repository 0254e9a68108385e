"""Screens: publish a period, withdraw a publication, the public notice board (公示)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, get_period
from ..errors import FieldError
from ..extensions import db
from ..permissions import public, require
from ..routes_base import submit
from . import bp, services
from .forms import PublishForm, WithdrawForm


@bp.route("/results/<int:community_id>/<int:period_id>/publish", methods=["POST"])
@require("results.publish", community_arg="community_id")
def publish(community_id, period_id):
    """Put the period's summary on the public notice board."""
    period = get_period(community_id, period_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
    else:
        try:
            services.publish(period, form.note.data, current_user)
        except FieldError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Published on the notice board."), "success")
    return redirect(url_for("results.dashboard", community_id=community_id,
                            period_id=period_id))


@bp.route("/notice/<int:community_id>/withdraw/<int:publication_id>",
          methods=["GET", "POST"])
@require("results.publish", community_arg="community_id")
def withdraw(community_id, publication_id):
    """Take a publication off the notice board, with a reason."""
    community = get_community(community_id)
    form = WithdrawForm()
    return submit(form, lambda: services.withdraw(community_id, publication_id,
                                                  form.reason.data, current_user),
                  _("The publication was withdrawn."),
                  url_for(".notice", community_id=community_id)) \
        or (render_template("publishing/withdraw.html", community=community, form=form,
                            publication_id=publication_id), 400 if form.errors else 200)


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
                           publications=publications,
                           rectifications=services.live_rectifications(publications))
