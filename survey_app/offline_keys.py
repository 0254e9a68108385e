"""Idempotency keys of offline saves (issue 20), shared by every walk-round that syncs later.

A phone queues saves with no network and sends them later, each with a client-generated key.
The first answer to a (user, key) is stored, so a save retried after a lost answer returns
that answer and is never applied twice. Rows older than ``OFFLINE_KEY_DAYS`` are purged by a
periodic task: a phone never retries a save that long after it was answered.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .errors import Conflict, FieldError
from .extensions import db

KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class Locked(Conflict):
    """The record was signed or locked meanwhile: nothing can be saved into it."""


class ItemConflict(Conflict):
    """The item changed on the server since the phone read it; carries both values."""

    def __init__(self, mine: dict, theirs: dict):
        super().__init__(_("Someone else changed this item meanwhile."))
        self.mine, self.theirs = mine, theirs


def version(updated_at: datetime | None) -> str | None:
    """An item's version as the phone sees it: its last change on the server clock."""
    # server time only, so a phone's wrong clock never decides a conflict
    return updated_at.isoformat() if updated_at is not None else None


def claim(model, user, key, **owner) -> dict | None:
    """Reserve the key; the first answer when it was used before (None: go ahead)."""
    if not isinstance(key, str) or not KEY.match(key):
        raise FieldError("key", _("The save has no valid idempotency key."))
    stored = db.session.scalar(select(model).filter_by(user_id=user.id, key=key))
    if stored is not None:
        return stored.answer
    try:
        with db.session.begin_nested():
            db.session.add(model(user_id=user.id, key=key, answer={"ok": False}, **owner))
    except IntegrityError:
        # the same key arrived twice at once: the other request holds it and answers
        raise Conflict(_("This save is already being processed; try again.")) from None
    return None


def remember(model, user, key: str, answer: dict) -> dict:
    """Store the answer to a claimed key and return it."""
    stored = db.session.scalar(select(model).filter_by(user_id=user.id, key=key))
    stored.answer = answer
    db.session.flush()
    return answer


def purge(model, now: datetime, days: int) -> int:
    """Delete the keys created more than ``days`` days before ``now``; returns how many."""
    result = db.session.execute(delete(model).where(model.created_at < now - timedelta(days=days)))
    db.session.flush()
    return result.rowcount or 0
