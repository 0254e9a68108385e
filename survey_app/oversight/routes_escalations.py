"""Complaints escalated to the 街道: the owner's step, the officer's pages, the company's reply."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community
from ..errors import FieldError, form_error
from ..extensions import db
from ..feedback import queries
from ..feedback.models import EVENT_KINDS, STATUSES, TYPES
from ..feedback.services import ticket_by_code
from ..permissions import public, require
from ..routes_base import submit
from . import bp, escalations
from .forms import AskForm, EscalateForm, TextForm
from .models import ESCALATION_EVENTS, ESCALATION_STATUSES

#: the owner's side lives beside the tracking page, outside the overview's guard
public_bp = Blueprint("complaints", __name__, url_prefix="/complaints",
                      template_folder="templates")


@public_bp.route("/<tracking_code>/escalate", methods=["POST"])
@public
def escalate(tracking_code):
    """The owner escalates an overdue or twice-dissatisfied complaint to the 街道."""
    ticket = ticket_by_code(tracking_code)
    form = EscalateForm()
    target = url_for("feedback.track", tracking_code=ticket.tracking_code)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(target)
    try:
        escalations.escalate(ticket, form.note.data or "")
    except FieldError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Your complaint was sent to the sub-district. Its answer will appear here."),
              "success")
    return redirect(target)


@bp.route("/escalations")
@require("escalation.handle")
def escalation_list():
    """Complaints escalated to the officer's 街道, open ones first."""
    return render_template("oversight/escalations.html",
                           items=escalations.visible_to(current_user),
                           STATUSES=ESCALATION_STATUSES)


def _case_page(escalation, ask_form, answer_form, status=200):
    ticket = escalation.ticket
    return render_template(
        "oversight/escalation.html", escalation=escalation, ticket=ticket,
        community=get_community(escalation.community_id), events=queries.public_events(ticket),
        ask_form=ask_form, answer_form=answer_form, STATUSES=ESCALATION_STATUSES,
        EVENTS=ESCALATION_EVENTS, TICKET_STATUSES=STATUSES, TYPES=TYPES,
        EVENT_KINDS=EVENT_KINDS), status


@bp.route("/escalations/<int:escalation_id>")
@require("escalation.handle")
def escalation(escalation_id):
    """One escalated complaint with the ticket's history (no owner contact details)."""
    case = escalations.get_for(current_user, escalation_id)
    return _case_page(case, AskForm(formdata=None), TextForm(formdata=None))


@bp.route("/escalations/<int:escalation_id>/ask", methods=["POST"])
@require("escalation.handle")
def escalation_ask(escalation_id):
    """The officer asks the company to reply."""
    case = escalations.get_for(current_user, escalation_id)
    form = AskForm()
    done = submit(form, lambda: escalations.ask_company(case, current_user, form.note.data),
                  _("The company was asked to reply."),
                  url_for(".escalation", escalation_id=case.id))
    return done or _case_page(case, form, TextForm(formdata=None), 400)


@bp.route("/escalations/<int:escalation_id>/answer", methods=["POST"])
@require("escalation.handle")
def escalation_answer(escalation_id):
    """The officer closes the case with a written answer for the owner."""
    case = escalations.get_for(current_user, escalation_id)
    form = TextForm()
    done = submit(form, lambda: escalations.answer(case, current_user, form.text.data),
                  _("The answer was sent to the owner."),
                  url_for(".escalation", escalation_id=case.id))
    return done or _case_page(case, AskForm(formdata=None), form, 400)


@bp.route("/escalations/c/<int:community_id>", methods=["GET", "POST"])
@require("escalation.reply", community_arg="community_id")
def company_replies(community_id):
    """The company's staff read the 街道's requests and reply (POST: case id and text)."""
    community = get_community(community_id)
    form = TextForm()
    case_id = _posted_case_id()
    if case_id is not None:
        done = submit(form, lambda: escalations.company_reply(
            community_id, case_id, current_user, form.text.data),
            _("Your reply was sent to the sub-district."),
            url_for(".company_replies", community_id=community_id))
        if done:
            return done
    elif form.is_submitted():
        form_error(form, FieldError("text", _("Choose the case to reply to.")))
    return render_template("oversight/replies.html", community=community, form=form,
                           items=escalations.awaiting_company(community_id),
                           STATUSES=ESCALATION_STATUSES, case_id=case_id), \
        400 if form.errors else 200


def _posted_case_id():
    """The case a company reply is for (None when missing or not a number)."""
    value = request.form.get("case_id", "")
    return int(value) if value.isdigit() else None


@bp.app_template_global("ticket_escalation")
def ticket_escalation(ticket):
    """For the tracking page: the ticket's escalation, or whether it may be escalated."""
    from ..models_base import utcnow

    case = escalations.of_ticket(ticket)
    return {"case": case, "reason": None if case else escalations.eligibility(ticket, utcnow()),
            "form": EscalateForm(formdata=None), "STATUSES": ESCALATION_STATUSES}
