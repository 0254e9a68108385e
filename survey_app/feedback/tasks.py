"""Periodic ticket work on the job queue: escalation no longer waits for someone to look."""

from __future__ import annotations

from ..extensions import db
from ..jobs import crontab, periodic_task
from . import services


@periodic_task(crontab(minute="*"))
def escalate_overdue_tickets() -> None:
    """Every minute: flag every community's overdue open tickets and notify each overdue
    step's level of the community's graded escalation chain."""
    services.escalate_overdue()
    db.session.commit()
