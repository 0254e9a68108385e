"""Written records 书面记录: the inspection as a PDF (WeasyPrint) and as an .xlsx workbook."""

from __future__ import annotations

import base64
import io

from flask import render_template, send_file
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..tabular import xlsx_bytes
from ..uploads import thumbnail_bytes
from . import bp, pages, services
from .models import (
    KINDS,
    MODES,
    ORGANISATIONS,
    RECT_STATUSES,
    SEVERITIES,
    SIGN_METHODS,
    STATUSES,
    template_labels,
)


def _data_uri(photo) -> str:
    """A small inline copy of a photo (the PDF must not fetch anything over HTTP)."""
    return f"data:{photo.content_type};base64," + base64.b64encode(
        thumbnail_bytes(photo, side=240)).decode()


def pdf_bytes(inspection) -> bytes:
    """The inspection record as a PDF with photo thumbnails, findings and signatures."""
    from weasyprint import HTML

    context = pages.record(inspection, request_revision(inspection), printing=True)
    html = render_template("inspections/record_pdf.html", **context, **template_labels(),
                           data_uri=_data_uri, signature_uri=pages.signature_data_uri,
                           generated=services.local_today())
    return HTML(string=html).write_pdf()


def request_revision(inspection) -> int:
    """The revision a record shows: the signed one when there is one, else the current."""
    return inspection.signed_revision or inspection.revision


def _filename(inspection, ext: str) -> str:
    return f"inspection-{inspection.inspection_date.isoformat()}-{inspection.id}.{ext}"


def record_pdf_file(inspection) -> tuple[bytes, str]:
    """The PDF record and its download name (a worker renders it: photos make it slow)."""
    return pdf_bytes(inspection), _filename(inspection, "pdf")


@bp.route("/c/<int:community_id>/<int:inspection_id>/record.pdf")
def record_pdf(community_id, inspection_id):
    """Ask a worker for the PDF record; its progress page offers the file."""
    from ..i18n import current_locale
    from ..jobs.files import request_file, to_progress

    inspection = services.get_inspection(community_id, inspection_id)
    job = request_file("inspection_record", current_user, community_id,
                       {"revision": request_revision(inspection)}, current_locale(),
                       subject_id=inspection.id)
    db.session.commit()
    return to_progress(job)


def xlsx(inspection) -> bytes:
    """The record as a workbook: summary, items, participants, rectifications."""
    ctx = pages.record(inspection, request_revision(inspection))
    text, labels, rows = ctx["text"], ctx["labels"], ctx["rows"]
    summary = [
        (_("Title"), inspection.title), (_("Kind"), str(KINDS[inspection.kind])),
        (_("Date"), inspection.inspection_date.isoformat()),
        (_("Period"), inspection.period.label), (_("Areas to inspect"), inspection.area),
        (_("Status"), str(STATUSES[inspection.status])), (_("Revision"), ctx["number"]),
        (_("Total score"), _round(ctx["scores"]["total"])),
        *[(labels.get(d, d), _round(s)) for d, s in ctx["scores"]["dimensions"].items()],
    ]
    items = []
    for group in ctx["groups"]:
        for ci in group.items:
            row = rows.get(ci.id)
            items.append([
                labels.get(ci.dimension, ci.dimension), ci.id, text(ci.item.text), ci.max_points,
                ci.pass_line, str(MODES[row.mode]) if row else "",
                row.deduction_count if row else None, row.awarded if row else None,
                _("yes") if row and row.is_finding else "", row.location if row else "",
                row.note if row else "", len(ctx["photos"].get(ci.id, []))])
    people = [_person_row(p, ctx["signoffs"].get(p.id)) for p in inspection.participants]
    rects = [[r.id, r.item_id, r.department, r.description, str(SEVERITIES[r.severity]),
              r.due_date.isoformat(), str(RECT_STATUSES[r.status]),
              _("yes") if r.is_overdue(ctx["today"]) else ""] for r in ctx["rectifications"]]
    return xlsx_bytes([
        (_("Summary"), [_("Field"), _("Value")], summary),
        (_("Items"), [_("Dimension"), _("Item"), _("Checklist item"), _("Max points"),
                      _("Pass line"), _("Scoring"), _("Problems found"), _("Points awarded"),
                      _("Finding"), _("Location"), _("Note"), _("Photos")], items),
        (_("Participants"), [_("Name"), _("Organisation"), _("Role"), _("Signature"),
                             _("How signed"), _("Signed at (UTC)")], people),
        (_("Rectifications"), [_("Task no."), _("Item"), _("Responsible department"),
                               _("What must be fixed"), _("Severity"), _("Due date"),
                               _("Status"), _("Overdue")], rects),
    ])


def _person_row(participant, signoff) -> list:
    """Name, organisation, role, signature, how and when signed."""
    return [participant.name, str(ORGANISATIONS[participant.organisation]), participant.role,
            signoff.typed_name if signoff else "",
            str(SIGN_METHODS[signoff.method]) if signoff else "",
            signoff.signed_at.isoformat(" ", "minutes") if signoff else ""]


def _round(value):
    return None if value is None else round(float(value), 1)


@bp.route("/c/<int:community_id>/<int:inspection_id>/record.xlsx")
def record_xlsx(community_id, inspection_id):
    """Download the record as .xlsx."""
    inspection = services.get_inspection(community_id, inspection_id)
    return send_file(io.BytesIO(xlsx(inspection)), download_name=_filename(inspection, "xlsx"),
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     max_age=0)
