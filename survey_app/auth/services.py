"""Account services: authentication and user creation."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..permissions import ROLES
from . import guard, passwords, sessions
from .models import Membership, User


class AccountError(FieldError):
    """Bad input for an account operation; the account form shows it beside the username."""

    def __init__(self, message: str):
        super().__init__("username", message)


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None; guard.LoginRefused while throttled.

    A failure is counted (flushed): the caller commits in both cases.
    """
    guard.check(username)
    user = db.session.scalar(select(User).filter_by(username=username.strip()))
    if user is None:
        guard.spend_like_a_check(password)
    if user is None or not user.check_password(password) or not user.active:
        guard.failed(username)
        return None
    guard.succeeded(username)
    user.last_login_at = utcnow()
    audit.record("auth.login", user, actor=user.username, community_id=None)
    return user


def create_user(username: str, password: str, role: str, community_ids=(),
                display_name: str = "", organisation: str = "") -> User:
    """Create an account holding a role, in the given communities or (none given) in all."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 80:
        raise AccountError("username must have 1 to 80 characters")
    if len(password) < 8:
        raise AccountError("password must have at least 8 characters")
    if db.session.scalar(select(User).filter_by(username=username)) is not None:
        raise AccountError(f"username {username!r} is taken")
    user = User(username=username, display_name=display_name or username,
                organisation=organisation)
    user.set_password(password)
    scopes = list(community_ids) or [None]
    user.memberships = [Membership(community_id=c, role=role) for c in scopes]
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, community_id=None, role=role)
    return user


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the user of a live sign-in token (see sessions.py)."""
    return sessions.load(token)


def change_password(user: User, password: str) -> None:
    """Set a new password and end every sign-in of the account (flushes)."""
    if len(password) < 8:
        raise AccountError("password must have at least 8 characters")
    passwords.replace(user, password)
    user.must_change_password = False
    sessions.end_all(user.id)
    db.session.flush()
    audit.record("user.password", user, community_id=None)


def change_own_password(user: User, current: str, new: str, repeated: str) -> None:
    """The user's own change: current password, a strong new one not used lately (flushes).

    Every other sign-in of the account ends; this one stays.
    """
    if not user.check_password(current or ""):
        raise FieldError("current_password", _("The current password is not correct."))
    if new != repeated:
        raise FieldError("repeat_password", _("The two new passwords differ."))
    passwords.check_strength(new, user.username)
    passwords.check_not_reused(user, new)
    passwords.replace(user, new)
    user.must_change_password = False
    sessions.end_others(user)
    db.session.flush()
    audit.record("user.password", user, community_id=None, own=True)


def reset_password(user_id: int) -> tuple[User, str]:
    """An administrator's reset: a temporary password, changed at the next sign-in (flushes).

    Every sign-in of the account ends; the temporary password is returned to be handed over.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id}")
    temporary = "-".join(secrets.token_hex(3) for _n in range(3))
    passwords.replace(user, temporary)
    user.must_change_password = True
    sessions.end_all(user.id)
    db.session.flush()
    audit.record("user.password_reset", user, community_id=None)
    return user, temporary


def all_users() -> list[User]:
    """Every account by username."""
    return list(db.session.scalars(select(User).order_by(User.username)))


def set_active(user_id: int, active: bool) -> User:
    """Deactivate or reactivate an account."""
    user = db.get_or_404(User, user_id)
    user.active = active
    if not active:
        sessions.end_all(user.id)
    audit.record("user.active", user, community_id=None, active=active)
    return user


def end_other_sessions(user: User) -> int:
    """Sign the user out everywhere else; how many sign-ins ended (flushes)."""
    ended = sessions.end_others(user)
    audit.record("user.sessions_ended", user, community_id=None, count=ended)
    return ended
