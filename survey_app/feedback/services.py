"""Ticket workflow: 受理登记 → 分类处置 → 派工 → 办结 → 回访, reopening, escalation."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit, transitions
from ..communities.models import Building
from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..notifications import hooks
from . import sla
from .codes import (  # noqa: F401  (CODE_ALPHABET, normalise_code: used through services)
    CODE_ALPHABET,
    CODE_LENGTH,
    SHORT_CODE_LENGTH,
    SPOKEN_CHANNELS,
    normalise_code,
    random_code,
)
from .models import (
    CALLBACK_CHANNELS,
    CATEGORIES,
    CHANNELS,
    DIMENSIONS,
    SATISFIED_MIN,
    SEVERITIES,
    TYPES,
    Ticket,
    TicketEvent,
)
from .queries import monthly_public_summary  # noqa: F401  (the notice board's entry point)

REPEAT_WINDOW = timedelta(days=30)



# --------------------------------------------------------------------------- helpers


def new_tracking_code(short: bool = False) -> str:
    """An unguessable code (31^10 ≈ 8·10^14 possibilities), or a short one to read out."""
    length = SHORT_CODE_LENGTH if short else CODE_LENGTH
    while True:
        code = random_code(length)
        if db.session.scalar(select(Ticket.id).filter_by(tracking_code=code)) is None:
            return code


def _event(ticket: Ticket, kind: str, note: str = "", *, actor: str = "",
           public: bool = True, at: datetime | None = None, user=None) -> TicketEvent:
    event = TicketEvent(ticket=ticket, kind=kind, note=(note or "").strip(), actor=actor,
                        public=public, at=at or utcnow(), user_id=getattr(user, "id", None))
    db.session.add(event)
    return event


def _require_status(ticket: Ticket, allowed: tuple[str, ...], field: str = "status") -> None:
    """Refuse a step the status does not allow; claim the ticket so no other request races."""
    if ticket.status not in allowed:
        raise FieldError(field, _("This step is not possible while the ticket is “%(s)s”.",
                                   s=_status_label(ticket.status)))
    if ticket.id is not None and not transitions.advance(
            ticket, {"status": ticket.status, "updated_at": ticket.updated_at},
            {"updated_at": utcnow()}):
        raise FieldError(field, transitions.conflict_message())


def _status_label(status: str) -> str:
    from .models import STATUSES

    return str(STATUSES.get(status, status))


def _check_choice(field: str, value, choices) -> None:
    if value not in choices:
        raise FieldError(field, _("Please choose a valid value."))


def get_ticket(community_id: int, ticket_id: int) -> Ticket:
    """A ticket of the community or 404."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.community_id != community_id:
        raise NotFound
    return ticket


def ticket_by_code(code: str) -> Ticket:
    """The ticket with this tracking code or 404."""
    ticket = db.session.scalar(select(Ticket).filter_by(tracking_code=normalise_code(code)))
    if ticket is None:
        raise NotFound
    return ticket


# --------------------------------------------------------------------------- registration


def register_ticket(community_id: int, *, channel: str, ticket_type: str, description: str,
                    category: str = "", severity: str = "normal", building_id: int | None = None,
                    location: str = "", contact_name: str = "", contact_phone: str = "",
                    room: str = "", received_at: datetime | None = None, user=None, photo=None,
                    consent_version: str = "") -> Ticket:
    """受理登记: store a ticket with its due times; registration by staff (``user`` given)
    is also its acknowledgement, an owner's submission waits for the service centre."""
    _check_choice("channel", channel, CHANNELS)
    _check_choice("ticket_type", ticket_type, TYPES)
    _check_choice("severity", severity, SEVERITIES)
    if not (description or "").strip():
        raise FieldError("description", _("Please describe the problem."))
    if building_id and db.session.scalar(select(Building.id).where(
            Building.id == building_id, Building.community_id == community_id)) is None:
        raise FieldError("building_id", _("Please choose a valid value."))
    ticket = Ticket(
        community_id=community_id, channel=channel, ticket_type=ticket_type,
        category=(category or "").strip(), dimension=CATEGORIES.get(category), severity=severity,
        building_id=building_id or None, location=(location or "").strip(),
        room=(room or "").strip()[:40],
        description=description.strip(), contact_name=(contact_name or "").strip(),
        contact_phone=(contact_phone or "").strip(), consent_version=consent_version,
        tracking_code=new_tracking_code(short=channel in SPOKEN_CHANNELS),
        received_at=received_at or utcnow(), status="registered",
        created_by_id=getattr(user, "id", None))
    sla.apply_due_times(ticket, sla.commitment(community_id, ticket_type, severity))
    if user is not None:
        ticket.acknowledged_at = ticket.received_at
    db.session.add(ticket)
    _event(ticket, "registered", "", actor="" if user else "owner", at=ticket.received_at,
           user=user)
    db.session.flush()
    _attach_photo(ticket, photo, user, "ticket", ticket.id)
    _detect_repeat(ticket, user)
    audit.record("ticket.register", ticket, channel=channel, type=ticket_type)
    return ticket


def _attach_photo(ticket: Ticket, photo, user, owner_type: str, owner_id: int) -> None:
    """Store an optional photo; a bad file raises FieldError on the photo field."""
    if photo is None or not getattr(photo, "filename", ""):
        return
    from ..uploads import UploadError, save_image

    try:
        save_image(photo, community_id=ticket.community_id, owner_type=owner_type,
                   owner_id=owner_id, user=user)
    except UploadError as exc:
        raise FieldError("photo", str(exc)) from None


def _norm_place(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").lower())


def _detect_repeat(ticket: Ticket, user=None) -> None:
    """Flag a repair of the same place and category as one in the previous 30 days."""
    if ticket.ticket_type != "repair" or not ticket.category or ticket.repeat_of_id:
        return
    if not ticket.location and not ticket.room and not ticket.building_id:
        return
    candidates = db.session.scalars(select(Ticket).where(
        Ticket.community_id == ticket.community_id, Ticket.id != ticket.id,
        Ticket.ticket_type == "repair", Ticket.category == ticket.category,
        Ticket.building_id.is_(None) if ticket.building_id is None
        else Ticket.building_id == ticket.building_id,
        Ticket.received_at >= ticket.received_at - REPEAT_WINDOW,
        Ticket.received_at <= ticket.received_at,
    ).order_by(Ticket.received_at.desc()))
    place = _norm_place(ticket.room + ticket.location)
    for other in candidates:
        if _norm_place(other.room + other.location) == place:
            ticket.repeat_of_id = other.id
            # the note is the earlier ticket's code (no translated text: this also runs
            # outside requests, from the demo and the command line)
            _event(ticket, "repeat", other.tracking_code, public=False, user=user)
            return


# --------------------------------------------------------------------------- handling steps


def _acknowledge(ticket: Ticket, now: datetime) -> None:
    if ticket.acknowledged_at is None:
        ticket.acknowledged_at = now


def classify(ticket: Ticket, *, ticket_type: str, dimension: str, category: str,
             severity: str, note: str = "", now: datetime | None = None, user=None) -> Ticket:
    """分类: type, dimension, category and severity; due times follow the new class."""
    _require_status(ticket, ("registered", "classified", "reopened"))
    _check_choice("ticket_type", ticket_type, TYPES)
    _check_choice("dimension", dimension, DIMENSIONS)
    _check_choice("severity", severity, SEVERITIES)
    now = now or utcnow()
    ticket.ticket_type, ticket.dimension = ticket_type, dimension
    ticket.category, ticket.severity = (category or "").strip(), severity
    sla.apply_due_times(ticket, sla.commitment(ticket.community_id, ticket_type, severity))
    _acknowledge(ticket, now)
    if ticket.status == "registered":
        ticket.status = "classified"
    _event(ticket, "classified", note, at=now, user=user)
    _detect_repeat(ticket, user)
    _done(ticket, "ticket.classify", type=ticket_type, severity=severity)
    hooks.ticket_event(ticket, "acknowledged")
    return ticket


def dispatch(ticket: Ticket, *, department: str, worker: str = "", note: str = "",
             now: datetime | None = None, user=None) -> Ticket:
    """派工 to a department (and optionally a worker); the first dispatch counts for the KPI."""
    _require_status(ticket, ("classified", "dispatched", "in_progress", "reopened"))
    if not (department or "").strip():
        raise FieldError("department", _("Please name the department."))
    now = now or utcnow()
    ticket.department, ticket.worker = department.strip(), (worker or "").strip()
    _acknowledge(ticket, now)
    if ticket.dispatched_at is None:
        ticket.dispatched_at = now
    ticket.status = "dispatched"
    _event(ticket, "dispatched", note, actor=ticket.department, at=now, user=user)
    _done(ticket, "ticket.dispatch", department=ticket.department)
    hooks.ticket_event(ticket, "dispatched")
    return ticket


def mark_onsite(ticket: Ticket, *, note: str = "", now: datetime | None = None,
                user=None) -> Ticket:
    """The worker arrived: handling is in progress."""
    _require_status(ticket, ("dispatched",))
    now = now or utcnow()
    if ticket.onsite_at is None:
        ticket.onsite_at = now
    ticket.status = "in_progress"
    _event(ticket, "onsite", note, actor=ticket.department, at=now, user=user)
    _done(ticket, "ticket.onsite")
    hooks.ticket_event(ticket, "onsite")
    return ticket


def add_note(ticket: Ticket, *, note: str, public: bool = True, photo=None,
             user=None) -> Ticket:
    """A handling note, optionally with a photo (shown to the owner if public)."""
    if not (note or "").strip() and not getattr(photo, "filename", ""):
        raise FieldError("note", _("Please write a note or add a photo."))
    event = _event(ticket, "note", note, actor=ticket.department, public=public, user=user)
    db.session.flush()
    _attach_photo(ticket, photo, user, "ticket_event", event.id)
    audit.record("ticket.note", ticket)
    return ticket


def complete(ticket: Ticket, *, note: str = "", photo=None,
             now: datetime | None = None, user=None) -> Ticket:
    """办结: the work is done; the owner is asked to rate it."""
    _require_status(ticket, ("classified", "dispatched", "in_progress", "reopened"))
    now = now or utcnow()
    _acknowledge(ticket, now)
    ticket.completed_at = now
    ticket.status = "completed"
    event = _event(ticket, "completed", note, actor=ticket.department, at=now, user=user)
    db.session.flush()
    _attach_photo(ticket, photo, user, "ticket_event", event.id)
    _done(ticket, "ticket.complete")
    hooks.ticket_event(ticket, "completed")
    return ticket


def record_callback(ticket: Ticket, *, rating: int, channel: str, note: str = "",
                    reopen: bool = False, now: datetime | None = None, user=None) -> Ticket:
    """回访: a satisfaction rating; closes the ticket, or reopens it when asked to."""
    _require_status(ticket, ("completed", "closed"), field="rating")
    _check_choice("channel", channel, CALLBACK_CHANNELS)
    if rating not in (1, 2, 3, 4, 5):
        raise FieldError("rating", _("Please choose a rating."))
    now = now or utcnow()
    owner = channel == "owner_link"
    if owner and not owner_can_rate(ticket):
        raise FieldError("rating", _("This report has already been rated. Thank you."))
    ticket.callback_rating, ticket.callback_channel, ticket.callback_at = rating, channel, now
    _event(ticket, "callback", note, actor="owner" if owner else "", at=now,
           user=None if owner else user)
    if reopen:
        _reopen(ticket, note, owner, now, user)
    elif ticket.status == "completed":
        ticket.status, ticket.closed_at = "closed", now
        _event(ticket, "closed", "", actor="owner" if owner else "", at=now,
               user=None if owner else user)
    _done(ticket, "ticket.callback", rating=rating, channel=channel, reopen=reopen)
    return ticket


def request_callback(ticket: Ticket, *, note: str = "", now: datetime | None = None,
                     user=None) -> Ticket:
    """Ask for a callback 回访 on completed work: the assignee and the owner (if opted in)
    are told; the callback itself is recorded with ``record_callback``."""
    _require_status(ticket, ("completed",), field="note")
    _event(ticket, "callback_requested", note, at=now or utcnow(), user=user)
    _done(ticket, "ticket.callback_request")
    hooks.ticket_event(ticket, "callback")
    return ticket


def owner_can_rate(ticket: Ticket) -> bool:
    """The owner may rate once the work is done, unless a callback was already recorded."""
    if ticket.status == "completed":
        return True
    return ticket.status == "closed" and ticket.callback_at is None


def reopen(ticket: Ticket, *, note: str, by_owner: bool = False,
           now: datetime | None = None, user=None) -> Ticket:
    """Not solved: back into handling; the ticket no longer counts as fixed first time."""
    _require_status(ticket, ("completed", "closed"))
    if not (note or "").strip():
        raise FieldError("note", _("Please say what is still wrong."))
    _reopen(ticket, note, by_owner, now or utcnow(), user)
    _done(ticket, "ticket.reopen", by_owner=by_owner)
    return ticket


def _reopen(ticket: Ticket, note: str, by_owner: bool, now: datetime, user=None) -> None:
    ticket.status = "reopened"
    ticket.reopened_count += 1
    ticket.completed_at = ticket.closed_at = None
    _event(ticket, "reopened", note, actor="owner" if by_owner else "", at=now,
           user=None if by_owner else user)


def close(ticket: Ticket, *, note: str, now: datetime | None = None, user=None) -> Ticket:
    """Close a completed ticket without a rating (for example the owner could not be reached)."""
    _require_status(ticket, ("completed",))
    if not (note or "").strip():
        raise FieldError("note", _("Please give the reason."))
    now = now or utcnow()
    ticket.status, ticket.closed_at = "closed", now
    _event(ticket, "closed", note, at=now, user=user)
    _done(ticket, "ticket.close")
    return ticket


def _done(ticket: Ticket, action: str, **details) -> None:
    db.session.flush()
    audit.record(action, ticket, **details)


# --------------------------------------------------------------------------- escalation


def escalate_overdue(community_id: int | None = None, now: datetime | None = None,
                     user=None) -> list[Ticket]:
    """Flag open tickets whose pending step is past its due time, and tell each overdue
    step's level of the graded escalation chain (once per step); ``user`` views the queue."""
    from ..notifications.reminders import overdue_tickets  # it imports this package

    now = now or utcnow()
    query = select(Ticket).where(Ticket.escalated.is_(False), sla.overdue_clause(now))
    if community_id is not None:
        query = query.where(Ticket.community_id == community_id)
    raised = []
    for ticket in db.session.scalars(query):
        steps = sla.overdue_steps(ticket, now)
        if not steps:
            continue
        ticket.escalated, ticket.escalated_at = True, now
        _event(ticket, "escalated", ", ".join(steps), public=False, at=now, user=user)
        audit.record("ticket.escalate", ticket, actor="system", steps=steps)
        raised.append(ticket)
    db.session.flush()
    overdue_tickets(now, community_id)
    return raised


def is_satisfied(rating: int | None) -> bool | None:
    """Top-two-box satisfaction of a callback rating (None without a rating)."""
    return None if rating is None else rating >= SATISFIED_MIN


def ticket_photos(ticket: Ticket, public_only: bool = False) -> dict:
    """Photos of a ticket: the owner's (key None) and those of each handling step (event id)."""
    from ..uploads import photos_for

    events = [e for e in ticket.events if e.public or not public_only]
    out = {None: photos_for("ticket", [ticket.id])[ticket.id]}
    for event_id, photos in photos_for("ticket_event", [e.id for e in events]).items():
        if photos:
            out[event_id] = photos
    return out


def ticket_photo(ticket: Ticket, photo_id: int, public_only: bool = False):
    """One photo of the ticket (the owner's or a handling step's) or 404."""
    for photos in ticket_photos(ticket, public_only).values():
        for photo in photos:
            if photo.id == photo_id:
                return photo
    raise NotFound
