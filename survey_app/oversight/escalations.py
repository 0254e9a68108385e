"""Complaints escalated to the 街道 (投诉举报): owner → 街道 → company → written answer.

An owner may escalate a complaint once it passed the company's time limit, or once the
callback was dissatisfied twice (each dissatisfied callback that reopened the ticket counts,
and a dissatisfied rating after a reopen is the second). The officer asks the company for a
reply and closes the case with a written answer, which the owner reads on the tracking page.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..errors import FieldError, NotFound
from ..extensions import db
from ..feedback.models import Ticket
from ..feedback.sla import late_steps
from ..models_base import utcnow
from ..permissions import oversight_community_ids
from .models import Escalation, EscalationEvent
from .services import street_of

#: a callback at or under this rating is 不满意
DISSATISFIED_MAX = 2
NOTE_MAX = 2000


def eligibility(ticket: Ticket, now: datetime) -> str | None:
    """Why the owner may escalate ('overdue' or 'dissatisfied'), or None."""
    if ticket.ticket_type != "complaint":
        return None
    if "complete" in late_steps(ticket, now):
        return "overdue"
    twice = ticket.reopened_count >= 2 or (
        ticket.reopened_count >= 1 and (ticket.callback_rating or 5) <= DISSATISFIED_MAX)
    return "dissatisfied" if twice else None


def of_ticket(ticket: Ticket) -> Escalation | None:
    """The ticket's escalation, if the owner made one."""
    return db.session.scalar(select(Escalation).filter_by(ticket_id=ticket.id))


def _text(field: str, text: str, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise FieldError(field, _("Please write the text."))
    if len(text) > NOTE_MAX:
        raise FieldError(field, _("At most %(n)s characters, please.", n=NOTE_MAX))
    return text


def _event(escalation: Escalation, kind: str, note: str = "", user=None) -> None:
    escalation.events.append(EscalationEvent(kind=kind, note=note,
                                             user_id=getattr(user, "id", None)))


def escalate(ticket: Ticket, note: str, now: datetime | None = None) -> Escalation:
    """The owner escalates the complaint to the 街道 of its community."""
    reason = eligibility(ticket, now or utcnow())
    if of_ticket(ticket) is not None:
        raise FieldError("note", _("This complaint has already been escalated."))
    if reason is None:
        raise FieldError("note", _("A complaint can be escalated once it is past the "
                                   "company's time limit or was rated dissatisfied twice."))
    street = street_of(ticket.community_id)
    if street is None:
        raise FieldError("note", _("No sub-district is recorded for this community yet; "
                                   "please call the service hotline of the sub-district."))
    escalation = Escalation(ticket_id=ticket.id, community_id=ticket.community_id,
                            jurisdiction_id=street.id, reason=reason, status="open",
                            owner_note=_text("note", note, required=False))
    _event(escalation, "escalated", escalation.owner_note)
    db.session.add(escalation)
    db.session.flush()
    audit.record("escalation.create", escalation, actor="owner", reason=reason)
    return escalation


def visible_to(user) -> list[Escalation]:
    """Escalations of the communities the officer oversees, open ones first."""
    query = select(Escalation).order_by(Escalation.status == "closed", Escalation.id.desc())
    allowed = oversight_community_ids(user)
    if allowed is not None:
        query = query.where(Escalation.community_id.in_(allowed or [-1]))
    return list(db.session.scalars(query))


def get_for(user, escalation_id: int) -> Escalation:
    """An escalation the officer oversees (another jurisdiction's does not exist for them)."""
    escalation = db.session.get(Escalation, escalation_id)
    allowed = oversight_community_ids(user)
    if escalation is None or allowed is not None and escalation.community_id not in allowed:
        raise NotFound
    return escalation


def ask_company(escalation: Escalation, user, note: str) -> Escalation:
    """The officer asks the company to reply (what to explain, by when)."""
    if escalation.status == "closed":
        raise FieldError("note", _("This case is closed."))
    escalation.status = "awaiting_company"
    _event(escalation, "asked", _text("note", note), user)
    db.session.flush()
    audit.record("escalation.ask", escalation)
    return escalation


def company_reply(community_id: int, escalation_id: int, user, text: str) -> Escalation:
    """The company's staff reply to the 街道's request."""
    escalation = db.session.get(Escalation, escalation_id)
    if escalation is None or escalation.community_id != community_id:
        raise NotFound
    if escalation.status != "awaiting_company":
        raise FieldError("text", _("The sub-district has not asked for a reply now."))
    escalation.company_reply = _text("text", text)
    escalation.status = "company_replied"
    _event(escalation, "replied", escalation.company_reply, user)
    db.session.flush()
    audit.record("escalation.reply", escalation)
    return escalation


def answer(escalation: Escalation, user, text: str) -> Escalation:
    """The officer closes the case with a written answer the owner will read."""
    if escalation.status == "closed":
        raise FieldError("text", _("This case is closed."))
    escalation.answer = _text("text", text)
    escalation.status, escalation.answered_at = "closed", utcnow()
    _event(escalation, "answered", escalation.answer, user)
    db.session.flush()
    audit.record("escalation.answer", escalation)
    return escalation


def awaiting_company(community_id: int) -> list[Escalation]:
    """A community's escalations, those waiting for the company's reply first."""
    return list(db.session.scalars(select(Escalation).where(
        Escalation.community_id == community_id)
        .order_by(Escalation.status != "awaiting_company", Escalation.id.desc())))
