"""Worker tasks of inspections: the record PDF rendered off the request, and the daily
upkeep of the walk-round's offline idempotency keys (issue 20)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from ..errors import NotFound
from ..extensions import db
from ..jobs import crontab, periodic_task
from ..jobs.files import file_task
from ..models_base import utcnow
from . import exports, offline
from .models import Inspection


@periodic_task(crontab(minute="40", hour="19"))  # 03:40 in Shanghai, when nobody inspects
def purge_offline_keys() -> None:
    """Once a day: delete walk-round idempotency keys older than OFFLINE_KEY_DAYS."""
    # a phone retries a save within minutes or days, never after a month: the key is spent
    offline.purge_keys(utcnow(), int(current_app.config["OFFLINE_KEY_DAYS"]))
    db.session.commit()


def _back(job) -> str:
    return url_for("inspections.show", community_id=job.community_id,
                   inspection_id=job.subject_id)


@file_task("inspection_record", "inspection.view", _l("PDF record"), back=_back)
def render_record(job) -> tuple[bytes, str]:
    """The written record of a joint inspection as PDF."""
    inspection = db.session.get(Inspection, job.subject_id)
    if inspection is None or inspection.internal:
        raise NotFound("the inspection was deleted")
    return exports.record_pdf_file(inspection)
