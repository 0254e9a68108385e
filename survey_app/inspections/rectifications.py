"""The rectification loop 检查-反馈-整改-复查: open from a finding, fix, submit, verify or reopen."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit, transitions
from ..errors import FieldError, NotFound
from ..extensions import db
from ..i18n import text_for
from ..ledger import acts as ledger
from ..models_base import utcnow
from ..notifications import hooks
from ..permissions import ensure, inspection_recorder
from ..uploads import photos_for, save_image
from . import checklist
from .models import (
    DUE_DAYS,
    INTERNAL_KINDS,
    RECT_TRANSITIONS,
    SEVERITIES,
    WAITING_FOR_COMPANY,
    Inspection,
    ItemScore,
    Rectification,
    RectificationEvent,
)
from .services import local_today

OWNER = "rectification"


def default_due(severity: str, start: date | None = None) -> date:
    """The default deadline of a finding: 2 days if emergency, 7 if urgent, 14 if normal."""
    return (start or local_today()) + timedelta(days=DUE_DAYS.get(severity, 14))


def get_rectification(community_id: int, rect_id: int) -> Rectification:
    """A rectification of the community, or NotFound."""
    rect = db.session.get(Rectification, rect_id)
    if rect is None or rect.community_id != community_id:
        raise NotFound
    ensure("inspection.view", community_id)
    return rect


def _event(rect: Rectification, old: str | None, new: str, note: str = "",
           photo_ids=(), user=None) -> RectificationEvent:
    event = RectificationEvent(rectification_id=rect.id, from_status=old, to_status=new,
                               note=note, photo_ids=list(photo_ids),
                               user_id=getattr(user, "id", None),
                               actor=(user.display_name or user.username) if user else "")
    db.session.add(event)
    audit.record(f"rectification.{new}", rect, old=old, new=new, note=note[:200])
    return event


def open_rectification(inspection: Inspection, item_id: str, *, department: str,
                       description: str, severity: str, due_date: date | None = None,
                       location: str = "", user=None) -> Rectification:
    """``user`` opens a rectification task for an item that is below its pass line."""
    ensure(inspection_recorder(inspection.kind), inspection.community_id)
    row = db.session.scalar(select(ItemScore).filter_by(
        inspection_id=inspection.id, revision=inspection.revision, item_id=item_id))
    if row is None or not row.is_finding:
        raise FieldError("description", _("Only an item below its pass line is a finding "
                                               "that can open a rectification."))
    _refuse_second(inspection, item_id)
    if severity not in SEVERITIES:
        raise FieldError("severity", _("Choose a severity."))
    if not department.strip():
        raise FieldError("department", _("Name the responsible department."))
    if not description.strip():
        raise FieldError("description", _("Describe what must be fixed."))
    due = due_date or default_due(severity, inspection.inspection_date)
    if due < inspection.inspection_date:
        raise FieldError("due_date", _("The due date cannot be before the inspection."))
    rect = Rectification(community_id=inspection.community_id, inspection_id=inspection.id,
                         item_id=item_id, dimension=row.dimension, department=department.strip(),
                         description=description.strip(), severity=severity, due_date=due,
                         location=(location or row.location).strip()[:200], status="open",
                         created_by_id=getattr(user, "id", None))
    db.session.add(rect)
    db.session.flush()
    _event(rect, None, "open", rect.description, user=user)
    hooks.rectification_event(rect, "assigned")
    return rect


def existing_for(inspection: Inspection, item_id: str) -> Rectification | None:
    """The rectification already opened for this finding of this inspection, if any."""
    return db.session.scalar(select(Rectification).filter_by(
        inspection_id=inspection.id, item_id=item_id).order_by(Rectification.id).limit(1))


def _refuse_second(inspection: Inspection, item_id: str) -> None:
    """One finding, one task: a failed re-check sends the same task back, never a new one."""
    rect = existing_for(inspection, item_id)
    if rect is not None:
        raise FieldError("description", _(
            "A rectification (#%(id)d) has already been opened for this finding; follow it up "
            "there.", id=rect.id))


def _move(rect: Rectification, new: str, note: str, uploads=(), *, need_note: bool,
          user=None) -> None:
    """``user`` applies one allowed status change with its history entry and photos."""
    if new not in RECT_TRANSITIONS[rect.status]:
        raise FieldError("note", _("A rectification cannot move from “%(a)s” to “%(b)s”.",
                                        a=rect.status, b=new))
    note = (note or "").strip()
    uploads = [u for u in uploads if u and getattr(u, "filename", "")]
    if need_note and not note:
        raise FieldError("note", _("Write a note describing what was done or found."))
    if not transitions.advance(rect, {"status": rect.status}, {"status": rect.status}):
        raise FieldError("note", transitions.conflict_message())
    saved = [save_image(u, community_id=rect.community_id, owner_type=OWNER, owner_id=rect.id,
                        user=user) for u in uploads]
    old, rect.status = rect.status, new
    if new == "verified":
        rect.verified_at = utcnow()
    db.session.flush()
    _event(rect, old, new, note, [p.id for p in saved], user)


def start_work(rect: Rectification, note: str = "", user=None) -> None:
    """The company starts work on the task (staff)."""
    ensure("rectification.update", rect.community_id)
    _move(rect, "in_progress", note, need_note=False, user=user)


def submit_evidence(rect: Rectification, note: str, uploads=(), user=None) -> None:
    """The company reports the fix with a note and evidence photos (staff)."""
    ensure("rectification.update", rect.community_id)
    if not note.strip() and not [u for u in uploads if u and getattr(u, "filename", "")]:
        raise FieldError("note", _("Describe the fix or attach a photo as evidence."))
    _move(rect, "submitted", note, uploads, need_note=False, user=user)
    hooks.rectification_event(rect, "submitted")


def verify(rect: Rectification, note: str = "", uploads=(), user=None) -> None:
    """The recorder's party (committee, or 品质部 for internal ones) confirms the fix at
    re-inspection 复查; the task is closed."""
    ensure(inspection_recorder(rect.inspection.kind), rect.community_id)
    _move(rect, "verified", note, uploads, need_note=False, user=user)
    hooks.rectification_event(rect, "verified")
    ledger.rectification_verified(rect)


def reopen(rect: Rectification, note: str, due_date: date | None = None, user=None) -> None:
    """The recorder's party rejects the fix at re-inspection; the task goes back to the company."""
    ensure(inspection_recorder(rect.inspection.kind), rect.community_id)
    if due_date is not None:
        if due_date < local_today():
            raise FieldError("due_date", _("The new due date cannot be in the past."))
        rect.due_date = due_date
    _move(rect, "reopened", note, need_note=True, user=user)
    hooks.rectification_event(rect, "sent_back", note)


# --------------------------------------------------------------------------- reading


def _of_kind(query, internal: bool):
    """Keep the rectifications of joint inspections, or of internal ones (shown apart)."""
    kinds = select(Inspection.id).where(Inspection.kind.in_(INTERNAL_KINDS))
    test = Rectification.inspection_id.in_(kinds)
    return query.where(test if internal else ~test)


def listing(community_id: int, *, status: str | None = None, dimension: str | None = None,
            overdue: bool = False, inspection_id: int | None = None,
            internal: bool = False) -> list[Rectification]:
    """Rectifications of a community's joint (or internal) inspections, soonest due first."""
    query = select(Rectification).where(Rectification.community_id == community_id)
    if inspection_id is None:
        query = _of_kind(query, internal)
    if status == "active":
        query = query.where(Rectification.status != "verified")
    elif status:
        query = query.where(Rectification.status == status)
    if dimension:
        query = query.where(Rectification.dimension == dimension)
    if overdue:
        query = query.where(Rectification.status.in_(WAITING_FOR_COMPANY),
                            Rectification.due_date < local_today())
    if inspection_id:
        query = query.where(Rectification.inspection_id == inspection_id)
    return list(db.session.scalars(query.order_by(Rectification.due_date, Rectification.id)))


def summary(community_id: int, internal: bool = False) -> dict:
    """Open and overdue counts and the closure rate (verified / opened), one query."""
    today = local_today()
    row = db.session.execute(_of_kind(select(
        func.count(Rectification.id),
        func.count(Rectification.id).filter(Rectification.status == "verified"),
        func.count(Rectification.id).filter(Rectification.status.in_(WAITING_FOR_COMPANY),
                                            Rectification.due_date < today),
        func.count(Rectification.id).filter(Rectification.status == "submitted"),
    ).where(Rectification.community_id == community_id), internal)).one()
    opened, verified, overdue, submitted = (int(x or 0) for x in row)
    return {"opened": opened, "verified": verified, "open": opened - verified,
            "overdue": overdue, "submitted": submitted,
            "closure_rate": verified / opened if opened else None}


def evidence(rect: Rectification) -> dict[int, list]:
    """Photos of a rectification by the event that attached them."""
    photos = {p.id: p for p in photos_for(OWNER, [rect.id])[rect.id]}
    return {e.id: [photos[i] for i in e.photo_ids if i in photos] for e in rect.events}


def before_photos(rect: Rectification) -> list:
    """The inspection's photos of the finding (the "before" of the fix)."""
    from .scoring import item_photos  # scoring imports services, which this module shares

    return item_photos(rect.inspection).get(rect.item_id, [])


def item_text(rect: Rectification) -> str:
    """The checklist item a rectification came from, in the current language."""
    ci = checklist.items_by_id(rect.inspection.questionnaire.parsed).get(rect.item_id)
    return text_for(ci.item.text) if ci else rect.item_id
