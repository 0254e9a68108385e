"""The daily retention job (PIPL): contact details of long-closed tickets are removed."""

from __future__ import annotations

from flask import current_app

from ..extensions import db
from ..jobs import crontab, periodic_task
from ..models_base import utcnow
from .services import purge_expired_contacts


@periodic_task(crontab(minute="30", hour="19"))  # 03:30 in Shanghai, when nobody works
def purge_contacts_past_retention() -> None:
    """Once a day: remove owners' contact details past the retention period."""
    purge_expired_contacts(utcnow(), int(current_app.config["CONTACT_RETENTION_MONTHS"]))
    db.session.commit()
