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

from flask import current_app, has_request_context, request
from sqlalchemy import delete, select, update

from ..extensions import db
from ..models_base import utcnow
from .models import LoginSession, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(remember: bool) -> timedelta:
    key = "REMEMBER_COOKIE_DURATION" if remember else "LOGIN_SESSION_LIFETIME"
    value = current_app.config[key]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


#: how stale ``last_seen_at`` may get before a request refreshes it (one write per interval)
SEEN_INTERVAL = timedelta(minutes=5)


def truncated_address(address: str) -> str:
    """The network of an address, never the host: 203.0.113.7 -> 203.0.113.*, IPv6 /48."""
    if ":" in address:
        return ":".join(address.split(":")[:3]) + ":*"
    parts = address.split(".")
    return ".".join(parts[:3]) + ".*" if len(parts) == 4 else ""


def _client() -> tuple[str, str]:
    if not has_request_context():
        return "", ""
    agent = (request.headers.get("User-Agent") or "")[:200]
    return agent, truncated_address(request.remote_addr or "")


def start(user: User, remember: bool) -> str:
    """A new sign-in of the user (flushes); sets ``user.login_token`` for Flask-Login."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    agent, address = _client()
    db.session.add(LoginSession(user_id=user.id, token_hash=_hash(token), created_at=now,
                                expires_at=now + _lifetime(remember), user_agent=agent,
                                address=address, last_seen_at=now))
    db.session.flush()
    user.login_token = token
    return token


def load(token: str) -> User | None:
    """The active user of a live sign-in token, or None."""
    if not token or len(token) > 100:
        return None
    clean = not db.session().in_transaction()
    row = db.session.execute(select(LoginSession.id, LoginSession.user_id,
                                    LoginSession.expires_at, LoginSession.last_seen_at)
                             .where(LoginSession.token_hash == _hash(token))).first()
    if row is None or row.expires_at < utcnow():
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    _touch(row, clean)
    user.login_token = token
    return user


def _touch(row, clean: bool) -> None:
    """Refresh the session's last activity now and then.

    Committed at once only when the loader opened the transaction itself (the first thing
    a request does), so that no other change of the request can be committed with it.
    """
    now = utcnow()
    if row.last_seen_at is not None and now - row.last_seen_at < SEEN_INTERVAL:
        return
    db.session.execute(update(LoginSession).where(LoginSession.id == row.id)
                       .values(last_seen_at=now))
    if clean:
        db.session.commit()


def current_id(user) -> int | None:
    """The id of the sign-in the user is using now, or None."""
    token = getattr(user, "login_token", None)
    if not token:
        return None
    return db.session.scalar(select(LoginSession.id)
                             .where(LoginSession.token_hash == _hash(token)))


def of_user(user_id: int) -> list[LoginSession]:
    """The user's live sign-ins, latest activity first."""
    return list(db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user_id,
                                   LoginSession.expires_at >= utcnow())
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())))


def end_others(user) -> int:
    """End every sign-in of the user except the current one; how many ended."""
    keep = current_id(user)
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return db.session.execute(query).rowcount or 0


def end(user) -> None:
    """End the current sign-in of the user (on sign-out)."""
    token = getattr(user, "login_token", None)
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))


def end_all(user_id: int) -> None:
    """End every sign-in of a user (password changed, account deactivated)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
