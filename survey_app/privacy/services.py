"""Retention and requests about one person's data.

Contact details are removed from the ticket, never the ticket: counts, time limits and
ratings (every aggregate) stay as they were. The audit row of a deletion names the phone
only masked (138****1234), so the log does not keep what was deleted. Besides tickets, a
phone is held by an owner's message opt-ins, the delivery log and a staff account's verified
number (people.py).
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select, update

from .. import audit
from ..communities.models import Household
from ..errors import FieldError
from ..extensions import db
from ..feedback.models import Ticket
from ..surveys.models import Survey
from . import people

CONTACT_FIELDS = {"contact_name": "", "contact_phone": "", "room": ""}


def months_before(now: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (the day clipped to the month)."""
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(now.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                        31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month])
    return now.replace(year=year, month=month + 1, day=day)


def _has_contact():
    return or_(Ticket.contact_name != "", Ticket.contact_phone != "", Ticket.room != "")


def purge_expired_contacts(now: datetime, months: int = 12) -> dict[str, int]:
    """Remove contact details of tickets closed ``months`` ago or more (with their message
    opt-ins), and the phone tails of households in communities without an open survey;
    counts of what was removed."""
    cutoff = months_before(now, months)
    tickets = db.session.execute(
        update(Ticket).where(Ticket.closed_at.is_not(None), Ticket.closed_at <= cutoff,
                             _has_contact())
        .values(contact_removed_at=now, **CONTACT_FIELDS)
        .execution_options(synchronize_session=False)).rowcount or 0
    open_survey = exists().where(Survey.community_id == Household.community_id,
                                 Survey.status == "open")
    tails = db.session.execute(
        update(Household).where(Household.phone_tail.is_not(None), ~open_survey)
        .values(phone_tail=None).execution_options(synchronize_session=False)).rowcount or 0
    opt_ins = _purge_ticket_opt_ins(cutoff, now)
    if tickets or tails or opt_ins:
        audit.record("privacy.purge", object_type="Ticket", actor="retention",
                     tickets=tickets, phone_tails=tails, opt_ins=opt_ins,
                     cutoff=cutoff.isoformat())
    db.session.flush()
    return {"tickets": tickets, "phone_tails": tails, "opt_ins": opt_ins}


def _purge_ticket_opt_ins(cutoff: datetime, now: datetime) -> int:
    """End the progress opt-ins (SMS number or WeChat openid) of tickets closed by
    ``cutoff`` and drop their address: they go with the ticket's own contact details."""
    from ..contacts.models import OwnerContact

    expired = select(Ticket.id).where(Ticket.closed_at.is_not(None),
                                      Ticket.closed_at <= cutoff)
    return db.session.execute(
        update(OwnerContact).where(
            OwnerContact.ticket_id.in_(expired),
            or_(OwnerContact.phone.is_not(None), OwnerContact.openid.is_not(None)))
        .values(phone=None, openid=None,
                unsubscribed_at=func.coalesce(OwnerContact.unsubscribed_at, now))
        .execution_options(synchronize_session=False)).rowcount or 0


def normalise_phone(phone: str) -> str:
    """Digits only, without a +86 / 0086 prefix; FieldError("phone") when it is no number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not 5 <= len(digits) <= 15:
        raise FieldError("phone", _("Please enter a phone number (5 to 15 digits)."))
    return digits


def mask_phone(digits: str) -> str:
    """138****1234: enough to recognise, not enough to call."""
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****" + digits[-2:]


def tickets_of(phone: str) -> list[Ticket]:
    """Every ticket whose contact phone is this number (spelt with or without spaces)."""
    digits = normalise_phone(phone)
    candidates = db.session.scalars(select(Ticket).where(
        Ticket.contact_phone.contains(digits[-4:])).order_by(Ticket.received_at))
    return [t for t in candidates if normalise_phone_or_empty(t.contact_phone) == digits]


def _records_of(phone: str) -> tuple[list[Ticket], people.Holdings]:
    """The tickets and the other records holding this number; FieldError when none does."""
    tickets = tickets_of(phone)
    held = people.holdings(normalise_phone(phone), [t.id for t in tickets])
    if not tickets and held.empty:
        raise FieldError("phone", _("No record holds this phone number."))
    return tickets, held


def normalise_phone_or_empty(phone: str) -> str:
    try:
        return normalise_phone(phone)
    except FieldError:
        return ""


def export_person(phone: str) -> dict:
    """Everything kept about the person with this phone, as plain data (for a JSON file)."""
    tickets, held = _records_of(phone)
    audit.record("privacy.export", object_type="Ticket", count=len(tickets),
                 phone=mask_phone(normalise_phone(phone)), **held.counts())
    return {"phone": normalise_phone(phone), "tickets": [_ticket_data(t) for t in tickets],
            **held.as_data()}


def _ticket_data(ticket: Ticket) -> dict:
    return {"tracking_code": ticket.tracking_code, "community_id": ticket.community_id,
            "received_at": ticket.received_at.isoformat(), "type": ticket.ticket_type,
            "category": ticket.category, "description": ticket.description,
            "contact_name": ticket.contact_name, "contact_phone": ticket.contact_phone,
            "room": ticket.room, "location": ticket.location, "status": ticket.status,
            "consent_version": ticket.consent_version,
            "closed_at": ticket.closed_at.isoformat() if ticket.closed_at else None}


def delete_person(phone: str, now: datetime) -> int:
    """Remove name, phone and room from every ticket of this phone, and the number from its
    opt-ins (ended), the delivery log (masked) and staff accounts; how many tickets."""
    tickets, held = _records_of(phone)
    masked = mask_phone(normalise_phone(phone))
    if not held.empty:
        audit.record("privacy.delete", object_type="OwnerContact", community_id=None,
                     phone=masked, **held.counts())
        held.remove(masked, now)
    for ticket in tickets:
        for field, empty in CONTACT_FIELDS.items():
            setattr(ticket, field, empty)
        ticket.contact_removed_at = now
    db.session.flush()
    for community_id in sorted({t.community_id for t in tickets}):
        audit.record("privacy.delete", object_type="Ticket", community_id=community_id,
                     count=sum(t.community_id == community_id for t in tickets),
                     phone=masked)
    return len(tickets)
