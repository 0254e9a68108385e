"""Append-only audit log: who changed what, when.

This is the one module outside routes and permissions that reads the request's user
(``_request_user``): every act of record in a request is the signed-in user's act, and
~40 services in every feature record one; threading the user through each of them only
to stamp this row would widen every signature for no gain in clarity. Outside a request
(CLI, demo, tests without a login) there is no user and the row says so (or names
``actor``). Services themselves take the acting user as an argument.
"""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models_base import utcnow


class AuditLog(db.Model):
    """One recorded action; rows are only ever inserted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    action: Mapped[str] = mapped_column(String(80), nullable=False)
    object_type: Mapped[str] = mapped_column(String(60), nullable=False)
    object_id: Mapped[int | None]
    community_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


def acting_user():
    """The signed-in user of the request, or None (commands, owners, other threads)."""
    return current_user if getattr(current_user, "is_authenticated", False) else None


def record(action: str, obj=None, *, object_type: str | None = None, object_id=None,
           community_id=None, actor: str | None = None, **details) -> AuditLog:
    """Add an audit entry for the current user (flushes; the request commits)."""
    user = acting_user()
    entry = AuditLog(
        user_id=user.id if user else None,
        actor=actor or (user.username if user else ""),
        action=action,
        object_type=object_type or (type(obj).__name__ if obj is not None else ""),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        community_id=community_id if community_id is not None
        else getattr(obj, "community_id", None),
        details=details,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
