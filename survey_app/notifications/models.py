"""Notifications: the inbox message per user, its deliveries per channel, preferences."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import by_user, owned_by, utcnow

CHANNEL_LABELS = {
    "inbox": _l("In-app inbox"),
    "email": _l("Email"),
    "sms": _l("SMS"),
    "wechat": _l("WeChat"),
    "owner_sms": _l("SMS to an owner"),
    "owner_wechat": _l("WeChat to an owner"),
}
#: channels a user may switch; the inbox is always on (it is the message itself)
OPTIONAL_CHANNELS = ("email", "sms", "wechat")
#: channels that wake people up: held back during quiet hours unless it is an emergency
QUIET_CHANNELS = ("sms", "wechat")
STATE_LABELS = {
    "queued": _l("Queued"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "skipped": _l("Skipped"),
}
#: quiet hours by default, minutes after local midnight: 22:00–08:00
QUIET_START, QUIET_END = 22 * 60, 8 * 60


class Notification(db.Model):
    """One message for one user: the inbox entry; its text is rendered in the reader's language
    from the event kind and params (events.py), so nothing is stored half-translated."""

    __tablename__ = "notification"
    __table_args__ = (UniqueConstraint("dedupe_key", "user_id", name="uq_notification_dedupe"),
                      Index("ix_notification_user_unread", "user_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         nullable=False)
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    link: Mapped[str | None] = mapped_column(String(500))
    emergency: Mapped[bool] = mapped_column(default=False, nullable=False)
    dedupe_key: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class Delivery(db.Model):
    """One attempt-tracked sending of a message over one channel to one address.

    ``address`` is whatever the channel sends to (an email address, a phone number, a WeChat
    openid), so a recipient without an account (an owner's verified phone) fits the same row
    with ``notification_id`` and ``user_id`` empty. Subject and body are rendered when queued.
    """

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = owned_by("notification.id")
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = by_user()
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    address: Mapped[str] = mapped_column(String(320), nullable=False, default="")
    subject: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    emergency: Mapped[bool] = mapped_column(default=False, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="queued")
    attempts: Mapped[int] = mapped_column(default=0, nullable=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    provider_message_id: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: sha256 of (dedupe key, recipient, channel): a re-run event or job never queues twice
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    notification: Mapped[Notification | None] = relationship()


class NotificationPreference(db.Model):
    """A user's choice for one event group (or "all") on one channel: on or off."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "event_group", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owned_by("user.id")
    event_group: Mapped[str] = mapped_column(String(40), nullable=False, default="all")
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    enabled: Mapped[bool] = mapped_column(default=True, nullable=False)


class QuietHours(db.Model):
    """A user's quiet hours (minutes after local midnight); without a row 22:00–08:00."""

    __tablename__ = "notification_quiet_hours"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    start_minute: Mapped[int] = mapped_column(nullable=False, default=QUIET_START)
    end_minute: Mapped[int] = mapped_column(nullable=False, default=QUIET_END)


#: graded escalation (分级处理), lowest first: an overdue step goes one level further up
ESCALATION_LEVELS = {
    "worker": _l("Worker"),
    "department_head": _l("Department head"),
    "project_manager": _l("Project manager"),
    "quality": _l("Quality department"),
    "committee": _l("Owners' committee"),
}


class EscalationStep(db.Model):
    """One member of a community's escalation chain: an account, or every account holding a
    role there, at one level; ``department`` ties workers and heads to the free-text
    department that tickets and rectifications name."""

    __tablename__ = "escalation_step"
    __table_args__ = (Index("ix_escalation_step_community_level", "community_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              nullable=False)
    level: Mapped[str] = mapped_column(String(30), nullable=False)
    user_id: Mapped[int | None] = owned_by("user.id")
    role: Mapped[str | None] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(100), nullable=False, default="",
                                            server_default="")


class WechatAuthState(db.Model):
    """One WeChat web authorisation under way: what it is for and for whom, decided by the
    server before the visitor leaves for WeChat, so nothing in the returning URL can change
    it. Only a hash of the state's nonce is kept; a state is used once and expires."""

    __tablename__ = "wechat_auth_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: "staff" (bind an account), "ticket_progress" or "notices" (an owner's opt-in)
    purpose: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[int | None] = owned_by("user.id")
    community_id: Mapped[int | None] = owned_by("community.id")
    ticket_id: Mapped[int | None] = owned_by("ticket.id")
    #: an owner's consent, given on the form before leaving (version and time)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consented_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
