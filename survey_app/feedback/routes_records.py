"""Complaint and repair records 书面记录: search, detail, exports and PDFs, read-only, for
the company's staff and the community's committee; owner names and phones masked."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..communities.models import Building
from ..communities.services import get_community
from ..errors import FieldError, form_error
from ..extensions import db
from ..i18n import current_locale
from ..jobs.files import request_file, to_progress
from ..models_base import utcnow
from ..permissions import require
from . import bp, records, services
from .forms import RecordSearchForm, options
from .models import CATEGORIES
from .routes import LABELS
from .sla import late_steps


def _search_form(community_id: int) -> RecordSearchForm:
    """The search form bound to the address's arguments, with the community's choices."""
    form = RecordSearchForm(request.args)
    buildings = db.session.execute(select(Building.id, Building.name).where(
        Building.community_id == community_id).order_by(Building.name)).all()
    form.building_id.choices = options([(None, _all()), *buildings])
    form.category.choices = options([("", _all()), *((c, c) for c in CATEGORIES)])
    return form


def _all() -> str:
    from flask_babel import gettext as _

    return _("All")


def _filter(form: RecordSearchForm) -> records.RecordFilter | None:
    """The form's filter, or None when a field is wrong (its message is on the form)."""
    if not form.validate():
        return None
    wanted = records.RecordFilter(
        date_from=form.date_from.data, date_to=form.date_to.data,
        keyword=form.keyword.data or "", building_id=form.building_id.data,
        category=form.category.data or "", ticket_type=form.ticket_type.data or "",
        status=form.status.data or "", assignee=form.assignee.data or "")
    try:
        records.check_range(wanted)
    except FieldError as exc:
        form_error(form, exc)
        return None
    return wanted


@bp.route("/<int:community_id>/records")
@require("ticket.records", community_arg="community_id")
def records_search(community_id):
    """Search the community's complaint and repair records (paged, read-only)."""
    community = get_community(community_id)
    form = _search_form(community_id)
    wanted = _filter(form)
    page = records.search(community_id, wanted, request.args.get("page", 1, type=int)) \
        if wanted is not None else None
    return render_template("feedback/records.html", community=community, form=form,
                           page=page, months=records.recent_months(), **LABELS), \
        200 if wanted is not None else 400


def _download(community_id: int, kind: str):
    """Ask for the matching records as a file; a wrong field answers 400 with its message."""
    community = get_community(community_id)
    form = _search_form(community_id)
    wanted = _filter(form)
    if wanted is None:
        return render_template("feedback/records.html", community=community, form=form,
                               page=None, months=records.recent_months(), **LABELS), 400
    job = request_file("records_export", current_user, community_id,
                       {**wanted.as_args(), "format": kind}, current_locale())
    db.session.commit()
    return to_progress(job)


@bp.route("/<int:community_id>/records.csv")
@require("ticket.records", community_arg="community_id")
def records_csv(community_id):
    """Ask a worker for the search result as CSV (masked, formula-safe)."""
    return _download(community_id, "csv")


@bp.route("/<int:community_id>/records.xlsx")
@require("ticket.records", community_arg="community_id")
def records_xlsx(community_id):
    """Ask a worker for the search result as .xlsx (masked, formula-safe)."""
    return _download(community_id, "xlsx")


@bp.route("/<int:community_id>/records/<int:ticket_id>")
@require("ticket.records", community_arg="community_id")
def record(community_id, ticket_id):
    """One ticket's written record: every step, who, when; the owner masked."""
    ticket = records.get_record(community_id, ticket_id)
    return render_template("feedback/record.html", community=get_community(community_id),
                           ticket=ticket, photos=services.ticket_photos(ticket),
                           late=late_steps(ticket, utcnow()), **LABELS)


@bp.route("/<int:community_id>/records/<int:ticket_id>/photos/<int:photo_id>")
@require("ticket.records", community_arg="community_id")
def record_photo(community_id, ticket_id, photo_id):
    """A photo of a ticket, for the record's readers."""
    from ..uploads import send_photo

    ticket = records.get_record(community_id, ticket_id)
    return send_photo(services.ticket_photo(ticket, photo_id),
                      thumb=bool(request.args.get("thumb")))



@bp.route("/<int:community_id>/records/<int:ticket_id>/record.pdf")
@require("ticket.records", community_arg="community_id")
def record_pdf(community_id, ticket_id):
    """Ask a worker for the printable written record of one ticket (PDF)."""
    ticket = records.get_record(community_id, ticket_id)
    job = request_file("ticket_record", current_user, community_id, {}, current_locale(),
                       subject_id=ticket.id)
    db.session.commit()
    return to_progress(job)


@bp.route("/<int:community_id>/records/register/<int:year>/<int:month>.pdf")
@require("ticket.records", community_arg="community_id")
def register_pdf(community_id, year, month):
    """Ask a worker for the monthly register of complaints and repairs (PDF)."""
    get_community(community_id)
    records.check_month(year, month)
    job = request_file("records_register", current_user, community_id,
                       {"year": year, "month": month}, current_locale())
    db.session.commit()
    return to_progress(job)
