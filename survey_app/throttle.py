"""Failed-attempt counters in the database, shared by every worker and machine.

Used for sign-in (per account and per address) and the open survey link (per address and
room). Keys are keyed hashes, so the table holds no username, address or room in clear.
Each failure is one row; rows older than the longest window are deleted as new ones come.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import DateTime, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models_base import utcnow

#: rows older than this are of no use to any rule
KEEP = timedelta(days=1)


class FailedAttempt(db.Model):
    """One failed attempt of some kind (``scope``) by some party (``key``, a keyed hash)."""

    __tablename__ = "failed_attempt"
    __table_args__ = (db.Index("ix_failed_attempt_lookup", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20), nullable=False)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


def key_of(*parts) -> str:
    """A keyed hash of the parts (the secret key makes it useless outside this deployment)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    text = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(secret, text, hashlib.sha256).hexdigest()


def client_address() -> str:
    """The client's address (behind reverse proxies set PROXY_FIX_HOPS: security.py)."""
    return request.remote_addr or "?"


def recent(scope: str, key: str, window: timedelta) -> tuple[int, datetime | None]:
    """How many failures the key has within the window, and when the last one was."""
    since = utcnow() - window
    row = db.session.execute(select(func.count(FailedAttempt.id), func.max(FailedAttempt.at))
                             .where(FailedAttempt.scope == scope, FailedAttempt.key == key,
                                    FailedAttempt.at >= since)).one()
    return row[0], row[1]


def count(scope: str, key: str, window: timedelta) -> int:
    """How many failures the key has within the window."""
    since = utcnow() - window
    return db.session.scalar(select(func.count(FailedAttempt.id)).where(
        FailedAttempt.scope == scope, FailedAttempt.key == key, FailedAttempt.at >= since))


def record(scope: str, *keys: str) -> None:
    """Count one failure for each key (flushes; the caller commits even when it refuses)."""
    now = utcnow()
    db.session.execute(delete(FailedAttempt).where(FailedAttempt.at < now - KEEP))
    for key in keys:
        db.session.add(FailedAttempt(scope=scope, key=key, at=now))
    db.session.flush()


def clear(scope: str, key: str) -> None:
    """Forget the key's failures (after a success)."""
    db.session.execute(delete(FailedAttempt).where(FailedAttempt.scope == scope,
                                                   FailedAttempt.key == key))
