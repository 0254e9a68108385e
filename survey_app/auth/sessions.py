"""Sign-in sessions kept on the server, so that signing out really ends them.

Each sign-in makes a fresh random token. Flask-Login stores it (``User.get_id``) in the
session cookie and, with "keep me signed in", in the remember cookie; the table keeps only
its SHA-256 and an expiry. Signing out deletes the row, a password change or deactivation
deletes all of the user's rows: an old session or remember cookie then loads nobody.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models_base import utcnow
from .models import LoginSession, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(remember: bool) -> timedelta:
    key = "REMEMBER_COOKIE_DURATION" if remember else "LOGIN_SESSION_LIFETIME"
    value = current_app.config[key]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def start(user: User, remember: bool) -> str:
    """A new sign-in of the user (flushes); sets ``user.login_token`` for Flask-Login."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=_hash(token), created_at=now,
                                expires_at=now + _lifetime(remember)))
    db.session.flush()
    user.login_token = token
    return token


def load(token: str) -> User | None:
    """The active user of a live sign-in token, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.execute(select(LoginSession.user_id, LoginSession.expires_at)
                             .where(LoginSession.token_hash == _hash(token))).first()
    if row is None or row.expires_at < utcnow():
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    user.login_token = token
    return user


def end(user) -> None:
    """End the current sign-in of the user (on sign-out)."""
    token = getattr(user, "login_token", None)
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))


def end_all(user_id: int) -> None:
    """End every sign-in of a user (password changed, account deactivated)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
