"""Who carries out a rectification: the company puts one of its accounts on the task, so the
task reaches a person (inbox and channels) and not only a department's name."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import audit
from ..auth.models import Membership, User
from ..errors import FieldError
from ..extensions import db
from ..notifications import hooks
from ..permissions import ensure
from .models import WAITING_FOR_COMPANY, Rectification, RectificationEvent


def candidates(community_id: int) -> list[User]:
    """Active company accounts working in the community (its staff, or staff everywhere)."""
    return list(db.session.scalars(
        select(User).join(Membership).where(
            Membership.role == "staff", User.active.is_(True),
            or_(Membership.community_id == community_id, Membership.community_id.is_(None)))
        .distinct().order_by(User.username)))


def assign(rect: Rectification, assignee_id: int | None, user=None) -> Rectification:
    """``user`` (the company) puts an account on the task; it hears of it at once (flushes)."""
    ensure("rectification.update", rect.community_id)
    if rect.status not in WAITING_FOR_COMPANY:
        raise FieldError("assignee", _("Only a task the company still owes can be assigned."))
    person = next((u for u in candidates(rect.community_id) if u.id == assignee_id), None)
    if person is None:
        raise FieldError("assignee", _("Choose an active company account of this community."))
    if rect.assignee_id == person.id:
        raise FieldError("assignee", _("The task is already assigned to this account."))
    rect.assignee = person
    name = person.display_name or person.username
    # appended to the loaded history, so the notification's dedupe key (which counts the
    # events) is new for every assignment
    rect.events.append(RectificationEvent(
        from_status=rect.status, to_status=rect.status,
        note=_("Assigned to %(name)s", name=name), user_id=getattr(user, "id", None),
        actor=(user.display_name or user.username) if user else ""))
    db.session.flush()
    audit.record("rectification.assign", rect, assignee=person.username)
    hooks.rectification_event(rect, "assigned", only=[person])
    return rect
