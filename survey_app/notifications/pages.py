"""What the notification pages show: the reader's inbox, the preference grid, the log."""

from __future__ import annotations

from sqlalchemy import func, select

from ..auth.models import User
from ..errors import NotFound
from ..extensions import db
from .events import GROUP_LABELS, render
from .models import OPTIONAL_CHANNELS, Delivery, Notification
from .preferences import Loaded

PAGE_SIZE = 50


def unread_count(user_id: int) -> int:
    """How many of the user's notifications are unread."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def inbox(user_id: int, limit: int = PAGE_SIZE) -> list[dict]:
    """The user's latest notifications, rendered in the current language."""
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                              .order_by(Notification.created_at.desc(), Notification.id.desc())
                              .limit(limit))
    items = []
    for note in rows:
        title, body = render(note.kind, note.params)
        items.append({"note": note, "title": title, "body": body})
    return items


def own_notification(user_id: int, notification_id: int) -> Notification:
    """One of the user's own notifications (another user's is not found)."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user_id:
        raise NotFound("notification")
    return note


def preference_grid(user_id: int) -> list[dict]:
    """Rows per event group with the user's choice per optional channel."""
    loaded = Loaded([user_id])
    return [{"group": group, "label": label,
             "channels": {c: loaded.wants(user_id, group, c) for c in OPTIONAL_CHANNELS}}
            for group, label in GROUP_LABELS.items()]


def delivery_log(community_id: int, limit: int = 200) -> list[dict]:
    """The community's latest deliveries: who, channel, state, attempts, error — never the
    message text (the viewer may not be its reader)."""
    rows = db.session.execute(
        select(Delivery.id, Delivery.kind, Delivery.channel, Delivery.state, Delivery.attempts,
               Delivery.last_error, Delivery.created_at, Delivery.sent_at,
               Delivery.next_attempt_at, User.display_name, User.username)
        .outerjoin(User, User.id == Delivery.user_id)
        .where(Delivery.community_id == community_id)
        .order_by(Delivery.created_at.desc(), Delivery.id.desc()).limit(limit))
    return [row._asdict() for row in rows]


def unavailable_channels(user) -> dict[str, str]:
    """Channels the user cannot be reached on now, with the reason shown beside them; their
    boxes are shown but cannot be changed, and saving leaves their stored choices alone."""
    from . import phone

    found = {}
    sms_problem = phone.problem(user)
    if sms_problem:
        found["sms"] = str(phone.REASONS[sms_problem])
    return found


def sms_section(user, form, awaiting_code: bool = False) -> dict:
    """The SMS number section of the preferences page: the owner's own number (whole),
    whether codes can be sent, and the warning for a chosen SMS that cannot be delivered."""
    from . import phone
    from .channels import sms_aliyun

    problem = phone.problem(user)
    return {"form": form, "phone": user.phone or "", "verified_at": user.phone_verified_at,
            "configured": sms_aliyun.configured(), "awaiting_code": awaiting_code,
            "warning": str(phone.WARNINGS[problem])
            if problem and phone.chose_sms(user.id) else None}
