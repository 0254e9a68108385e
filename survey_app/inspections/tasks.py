"""Periodic upkeep of the walk-round: old idempotency keys of offline saves (issue 20)."""

from __future__ import annotations

from flask import current_app

from ..extensions import db
from ..jobs import crontab, periodic_task
from ..models_base import utcnow
from . import offline


@periodic_task(crontab(minute="40", hour="19"))  # 03:40 in Shanghai, when nobody inspects
def purge_offline_keys() -> None:
    """Once a day: delete walk-round idempotency keys older than OFFLINE_KEY_DAYS."""
    # a phone retries a save within minutes or days, never after a month: the key is spent
    offline.purge_keys(utcnow(), int(current_app.config["OFFLINE_KEY_DAYS"]))
    db.session.commit()
