"""Periodic notification work on the job queue: nobody has to look for anything to happen.

Every minute the worker sends the deliveries that are due (new ones, retries after their
backoff, SMS held over quiet hours) and scans for reminders; dedupe keys and idempotency keys
make both safe to run again after a worker was killed.
"""

from __future__ import annotations

from ..extensions import db
from ..jobs import crontab, periodic_task
from ..models_base import utcnow
from .dispatch import deliver_due
from .reminders import plan_deadlines, scan_daily, scan_reminders


@periodic_task(crontab(minute="*"))
def send_due_deliveries() -> None:
    """Every minute: send what is due (commits after each delivery)."""
    deliver_due(utcnow())


@periodic_task(crontab(minute="*"))
def remind() -> None:
    """Every minute: rectifications due or overdue (overdue tickets: feedback/tasks.py)."""
    scan_reminders(utcnow())
    db.session.commit()


@periodic_task(crontab(minute="*/10"))
def remind_plans() -> None:
    """Every ten minutes: inspections of recurring plans due within three days, to their
    assignees (inbox and their channels), once per occurrence and person."""
    plan_deadlines(utcnow())
    db.session.commit()


@periodic_task(crontab(hour="1", minute="5"))
def remind_daily() -> None:
    """Every day at 09:05 Beijing time (01:05 UTC): quarters ending without a signed joint
    inspection, surveys closing or below their Cochran target."""
    scan_daily(utcnow())
    db.session.commit()
