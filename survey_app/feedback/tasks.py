"""Ticket work on the job queue: periodic escalation (it no longer waits for someone to
look), and the records exports and monthly register rendered by a worker."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..communities.models import Community
from ..errors import NotFound
from ..extensions import db
from ..jobs import crontab, periodic_task
from ..jobs.files import file_task
from ..models_base import utcnow
from . import exports, records, services
from .models import Ticket


@periodic_task(crontab(minute="*"))
def escalate_overdue_tickets() -> None:
    """Every minute: flag every community's overdue open tickets and notify each overdue
    step's level of the community's graded escalation chain."""
    services.escalate_overdue()
    db.session.commit()


def _records_back(job) -> str:
    return url_for("feedback.records_search", community_id=job.community_id)


def _filter_of(params: dict) -> records.RecordFilter:
    """The records search a request validated, rebuilt from the job's arguments."""
    wanted = {k: v for k, v in params.items() if k in records.RecordFilter.__dataclass_fields__}
    for key in ("date_from", "date_to"):
        if wanted.get(key):
            wanted[key] = date.fromisoformat(wanted[key])
    return records.RecordFilter(**wanted)


@file_task("records_export", "ticket.records", _l("Records export"), back=_records_back)
def export_records(job) -> tuple[bytes, str]:
    """The matching complaint and repair records as CSV or .xlsx (owners masked)."""
    community = db.session.get(Community, job.community_id)
    tickets = records.all_matching(community.id, _filter_of(job.params))
    kind = job.params["format"]
    data = exports.records_csv(tickets) if kind == "csv" else exports.records_xlsx(tickets)
    return data, f"records-{community.code}-{utcnow():%Y%m%d}.{kind}"


@file_task("ticket_record", "ticket.records", _l("Printable record (PDF)"),
           back=lambda job: url_for("feedback.record", community_id=job.community_id,
                                    ticket_id=job.subject_id))
def render_ticket_record(job) -> tuple[bytes, str]:
    """One ticket's written record 书面记录 as PDF (about a second with its photos)."""
    ticket = db.session.get(Ticket, job.subject_id)
    if ticket is None or ticket.community_id != job.community_id:
        raise NotFound("the ticket was deleted")
    return exports.render_ticket_record(ticket), f"record-{ticket.tracking_code}.pdf"


@file_task("records_register", "ticket.records", _l("Monthly register (PDF)"),
           back=_records_back)
def render_register(job) -> tuple[bytes, str]:
    """The monthly register 月度登记表 of complaints and repairs as PDF."""
    community = db.session.get(Community, job.community_id)
    year, month = job.params["year"], job.params["month"]
    return (exports.render_monthly_register(community, year, month),
            f"register-{community.code}-{year}-{month:02d}.pdf")
