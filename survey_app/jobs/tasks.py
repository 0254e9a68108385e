"""The queue's own periodic job: jobs whose worker was killed are queued again."""

from __future__ import annotations

from ..extensions import db
from . import services
from .queue import crontab, periodic_task


@periodic_task(crontab(minute="*"))
def requeue_lost_jobs() -> None:
    """Every minute: queue again jobs left running by a killed worker (they run once more)."""
    services.requeue_stale(services.stale_after())
    db.session.commit()
