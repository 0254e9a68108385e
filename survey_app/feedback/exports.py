"""Downloads of complaint and repair records: the search as CSV/XLSX, one ticket's written
record (书面记录) and the monthly register (月度登记表) as PDF.

Owner names and phones are always masked here (guards.personal): a download leaves the
hands of the ticket's assignee. The PDF renderers take plain arguments and return bytes, so
that they can move to a task queue unchanged.
"""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from ..guards.personal import mask_name, mask_phone
from ..models_base import utcnow
from ..tabular import csv_bytes, xlsx_bytes
from ..templating import list_separator
from .models import SEVERITIES, SLA_STEPS, STATUSES, TYPES, Ticket
from .sla import late_steps


def _when(value) -> str:
    """A stored UTC time in the community's time zone, or empty."""
    return format_datetime(value, "yyyy-MM-dd HH:mm") if value else ""


def record_headers() -> list[str]:
    """Column headers of the records export."""
    return [_("Tracking code"), _("Received"), _("Type"), _("Severity"), _("Category"),
            _("Place"), _("Description"), _("Status"), _("Department"), _("Worker"),
            _("Owner"), _("Phone"), _("Completed"), _("Callback rating"),
            _("Missed time limits")]


def record_row(ticket: Ticket, now=None) -> list:
    """One ticket as an export row, owner identity masked."""
    late = late_steps(ticket, now or utcnow())
    return [ticket.tracking_code, _when(ticket.received_at), str(TYPES[ticket.ticket_type]),
            str(SEVERITIES[ticket.severity]), ticket.category, ticket.place,
            ticket.description, str(STATUSES[ticket.status]), ticket.department,
            ticket.worker, mask_name(ticket.contact_name), mask_phone(ticket.contact_phone),
            _when(ticket.completed_at), ticket.callback_rating,
            list_separator().join(str(SLA_STEPS[s]) for s in late)]


def records_csv(tickets: list[Ticket]) -> bytes:
    """The tickets as a UTF-8 CSV (formula-safe cells, tabular.csv_bytes)."""
    now = utcnow()
    return csv_bytes(record_headers(), (record_row(t, now) for t in tickets))


def records_xlsx(tickets: list[Ticket]) -> bytes:
    """The tickets as an .xlsx workbook (formula-safe cells, tabular.xlsx_bytes)."""
    now = utcnow()
    return xlsx_bytes([(_("Records"), record_headers(), [record_row(t, now) for t in tickets])])


def _photo_uri(photo) -> str:
    """A small inline copy of a photo (the PDF must not fetch anything over HTTP)."""
    import base64

    from ..uploads import thumbnail_bytes

    return f"data:{photo.content_type};base64," + base64.b64encode(
        thumbnail_bytes(photo, side=240)).decode()


def _pdf(template: str, **context) -> bytes:
    """Render a print template to PDF with the process's shared font configuration."""
    from flask import render_template
    from weasyprint import HTML

    from ..reports.pdf import font_config, local_now
    from .routes import LABELS

    html = render_template(template, generated=local_now(), **LABELS, **context)
    return HTML(string=html).write_pdf(font_config=font_config())


def render_ticket_record(ticket: Ticket) -> bytes:
    """The written record 书面记录 of one ticket as PDF: every step with its local time,
    who and what, the callback, photo thumbnails; the owner masked."""
    from ..communities.models import Community
    from ..extensions import db
    from .services import ticket_photos

    community = db.session.get(Community, ticket.community_id)
    return _pdf("feedback/record_pdf.html", ticket=ticket, community=community,
                photos=ticket_photos(ticket), photo_uri=_photo_uri,
                late=late_steps(ticket, utcnow()))


def render_monthly_register(community, year: int, month: int) -> bytes:
    """The monthly register 月度登记表 of a community as PDF: one line per ticket received
    in the local calendar month, owner masked, with the totals."""
    from .records import month_tickets

    tickets = month_tickets(community.id, year, month)
    now = utcnow()
    return _pdf("feedback/register_pdf.html", community=community, year=year, month=month,
                tickets=tickets, late={t.id: late_steps(t, now) for t in tickets})
