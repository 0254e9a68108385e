"""Periodic upkeep of third-party sheets: old idempotency keys of offline saves (issue 20)."""

from __future__ import annotations

from flask import current_app

from ..extensions import db
from ..jobs import crontab, periodic_task
from ..models_base import utcnow
from . import offline


@periodic_task(crontab(minute="45", hour="19"))  # 03:45 in Shanghai, when nobody scores
def purge_offline_keys() -> None:
    """Once a day: delete sheet idempotency keys older than OFFLINE_KEY_DAYS."""
    offline.purge_keys(utcnow(), int(current_app.config["OFFLINE_KEY_DAYS"]))
    db.session.commit()
