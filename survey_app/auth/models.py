"""Accounts and their community memberships."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models_base import TimestampMixin, utcnow

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "staff": _l("Company quality staff"),
    "committee": _l("Owners' committee"),
    "assessor": _l("Third-party assessor"),
    "director": _l("Company quality director"),
    "officer": _l("Government officer"),
}


class User(UserMixin, TimestampMixin, db.Model):
    """A staff, committee, assessor or admin account (owners are not accounts)."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(default=True, nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    last_login_at: Mapped[datetime | None]
    #: set by an administrator's reset: every page leads to the password form until changed
    must_change_password: Mapped[bool] = mapped_column(default=False, nullable=False)
    #: base32 TOTP secret; two-factor sign-in is on only once ``totp_confirmed_at`` is set
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None]
    #: the TOTP time step of the last accepted code: each code is accepted once (no replay)
    totp_last_step: Mapped[int | None]
    #: where email notifications go (the user edits it on the notification preferences page)
    email: Mapped[str | None] = mapped_column(String(254))
    #: mainland mobile number for SMS notifications, stored only once verified by a code
    #: (notifications/phone.py); shown masked to anyone but its owner and administrators
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_verified_at: Mapped[datetime | None]
    #: the account holder's openid for the official account, learnt by WeChat web
    #: authorisation on the notification preferences page (the "wechat" channel's address)
    wechat_openid: Mapped[str | None] = mapped_column(String(64), index=True)
    wechat_bound_at: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def set_password(self, password: str) -> None:
        """Store a scrypt hash of the password."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Flask-Login's id: this sign-in's token (see auth/sessions.py), never the bare id."""
        return getattr(self, "login_token", None) or f"none:{self.id}"

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active

    @property
    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class LoginSession(db.Model):
    """One sign-in of a user: the browser holds the token, the table its hash and expiry."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)
    #: shown on the user's own sessions page: browser summary and a truncated address only
    user_agent: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    last_seen_at: Mapped[datetime | None]


class PasswordHistory(db.Model):
    """A former password's hash, so that the last few cannot be chosen again."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class RecoveryCode(db.Model):
    """A one-use two-factor recovery code, stored as a hash (shown to the user once)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    used_at: Mapped[datetime | None]


class Membership(db.Model):
    """A role held by a user, in one community or (community NULL) in all of them."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "community_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), nullable=False)

    user: Mapped[User] = relationship(back_populates="memberships")
