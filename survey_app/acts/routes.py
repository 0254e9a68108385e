"""Screens of two-party acts: a period's acts, propose, preview and confirm, withdraw."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_period
from ..errors import FieldError, form_error
from ..extensions import db
from . import bp, pages, previews, services
from .forms import ConfirmForm, ProposeForm, WithdrawProposalForm


@bp.route("/<int:community_id>/<int:period_id>")
def period(community_id, period_id):
    """A period's acts of record: revisions, the pending proposal, what may be proposed."""
    obj = get_period(community_id, period_id)
    return render_template("acts/period.html", **pages.period_context(obj, current_user))


@bp.route("/<int:community_id>/<int:period_id>/propose/<kind>", methods=["POST"])
def propose(community_id, period_id, kind):
    """Propose closing, publishing, reopening or taking down the period's notice (the other
    party confirms)."""
    obj = get_period(community_id, period_id)
    form = ProposeForm()
    reason_field = form.takedown_reason if kind == "unpublish" else form.reason
    if form.validate_on_submit():
        try:
            proposal = services.propose(current_user, obj, kind, form.note.data,
                                        reason_field.data)
        except FieldError as exc:
            db.session.rollback()
            if exc.field == "reason":
                reason_field.errors = [str(exc)]
            elif exc.field in form:
                form_error(form, exc)
            else:
                flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Proposed. A member of the other party must confirm it from their own "
                    "account."), "success")
            return redirect(url_for(".period", community_id=community_id,
                                    period_id=proposal.period_id))
    return render_template("acts/period.html",
                           **pages.period_context(obj, current_user, form)), 400


@bp.route("/<int:community_id>/proposals/<int:proposal_id>")
def preview(community_id, proposal_id):
    """The preview of a proposal: exactly what owners will see, and the confirm form."""
    proposal = services.get_proposal(community_id, proposal_id)
    shown = previews.build(proposal)
    db.session.commit()  # keeps a result computed for the preview in the cache
    form = ConfirmForm(preview_hash=shown.hash)
    return render_template("acts/preview.html", proposal=proposal, preview=shown, form=form,
                           community=proposal.period.community, period=proposal.period,
                           may_confirm=pages.may_confirm(proposal, current_user),
                           withdraw_form=WithdrawProposalForm())


@bp.route("/<int:community_id>/proposals/<int:proposal_id>/confirm", methods=["POST"])
def confirm(community_id, proposal_id):
    """Confirm the other party's proposal: the act happens, once."""
    proposal = services.get_proposal(community_id, proposal_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm(current_user, proposal, form.preview_hash.data)
        except FieldError as exc:
            db.session.rollback()  # nothing half-way: the proposal stays pending
            flash(str(exc), "error")
            return redirect(url_for(".preview", community_id=community_id,
                                    proposal_id=proposal_id)), 303
        db.session.commit()
        flash(_("Confirmed."), "success")
    return redirect(url_for(".period", community_id=community_id,
                            period_id=proposal.period_id))


@bp.route("/<int:community_id>/proposals/<int:proposal_id>/withdraw", methods=["POST"])
def withdraw(community_id, proposal_id):
    """Withdraw one's own proposal or decline the other party's."""
    proposal = services.get_proposal(community_id, proposal_id)
    if WithdrawProposalForm().validate_on_submit():
        try:
            services.withdraw(current_user, proposal)
        except FieldError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("The proposal was withdrawn."), "success")
    return redirect(url_for(".period", community_id=community_id,
                            period_id=proposal.period_id))
