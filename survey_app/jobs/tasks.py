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


@periodic_task(crontab(minute="17", hour="3"))
def purge_download_files() -> None:
    """Every night: delete downloads made by workers more than a week ago."""
    from .files import purge_old_files

    purge_old_files()
    db.session.commit()
