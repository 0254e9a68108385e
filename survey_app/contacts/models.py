"""An owner's opt-in for messages (a verified phone number, or a WeChat openid learnt by web
authorisation), and the codes that verify numbers."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import owned_by, utcnow

#: what an owner may ask to hear about
PURPOSES = {"ticket_progress": _l("progress of my report"),
            "notices": _l("published results and notices"),
            "survey_reminders": _l("a reminder while my household has not answered the "
                                   "owner survey")}

#: consent texts by version; a changed text gets a new version, old ones stay for the record
CONSENT_TEXTS = {
    "2026-12-v1": _l("I agree that the property service centre keeps this mobile number to "
                     "send me text messages about what I chose here, and only for that. "
                     "Every message has a link to stop them; the number is not shown to "
                     "anyone with my survey answers."),
}
CONSENT_VERSION = "2026-12-v1"
#: the WeChat opt-in's consent: the same promises, naming what is kept (the openid, no number)
WECHAT_CONSENT_TEXTS = {
    "2026-12-wx1": _l("I agree that the property service centre keeps the identifier WeChat "
                      "gives it for me (no phone number, no nickname) to send me WeChat "
                      "messages from its official account about what I chose here, and only "
                      "for that. Every message has a link to stop them; the identifier is not "
                      "shown to anyone with my survey answers."),
}
WECHAT_CONSENT_VERSION = "2026-12-wx1"
#: how an opt-in is reached: a verified phone (text messages) or a WeChat openid
CHANNELS = ("sms", "wechat")


class OwnerContact(db.Model):
    """One opt-in: a verified number or a WeChat openid, what it is for, the consent given,
    and its end. A phone and a WeChat opt-in of one owner are two rows, ended separately."""

    __tablename__ = "owner_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    #: the report whose progress is sent (purpose ticket_progress); NULL for notices
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"), index=True)
    #: the household whose survey reminders the number gets (purpose survey_reminders);
    #: its phone tail matched the number. Never linked to answers (DESIGN §3).
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("household.id", ondelete="SET NULL"), index=True)
    #: "sms": ``phone`` is set; "wechat": ``openid`` is set (verified by WeChat itself)
    channel: Mapped[str] = mapped_column(String(10), nullable=False, default="sms",
                                         server_default="sms")
    phone: Mapped[str | None] = mapped_column(String(20))
    openid: Mapped[str | None] = mapped_column(String(64), index=True)
    #: comma-separated keys of PURPOSES
    purposes: Mapped[str] = mapped_column(String(80), nullable=False)
    consent_version: Mapped[str] = mapped_column(String(20), nullable=False)
    consented_at: Mapped[datetime] = mapped_column(nullable=False)
    verified_at: Mapped[datetime] = mapped_column(nullable=False)
    unsubscribed_at: Mapped[datetime | None]
    #: random part of the signed unsubscribe link (the link is signed with the app's key)
    unsubscribe_token: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class PhoneCode(db.Model):
    """A 6-digit code sent to a number; only keyed hashes are kept (number, code, address).

    ``user_id`` is set when an account verifies its own number (notification settings): the
    code then counts against that account's limit and verifies nothing else.
    """

    __tablename__ = "phone_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    ip_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)
    attempts: Mapped[int] = mapped_column(default=0, nullable=False)
    used_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = owned_by("user.id")
