"""Where queued deliveries meet a worker: ``schedule`` after a request commits, and
``deliver_due`` for the periodic job (notifications/tasks.py runs it every minute on the
task queue, so a new delivery leaves within a minute of its request's commit).
"""

from __future__ import annotations

from datetime import datetime

from ..extensions import db
from ..models_base import utcnow
from .services import deliver, due_ids


def schedule(delivery_ids: list[int]) -> None:
    """Hand new deliveries to the task queue once the request has committed.

    For now nothing: ``deliver_due`` picks them up on its next run.
    """
    return None


def deliver_due(now: datetime | None = None, limit: int | None = None) -> int:
    """Deliver every queued delivery that is due; commits after each one, so a worker killed
    mid-run re-sends at most the one in flight (its provider sees the same idempotency key).

    The job entry point, not a request: this is the one place here that commits.
    """
    now = now or utcnow()
    count = 0
    for delivery_id in due_ids(now, limit):
        try:
            deliver(delivery_id, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        count += 1
    return count
