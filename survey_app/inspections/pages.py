"""Page data for the inspection screens (read-only helpers used by routes and exports)."""

from __future__ import annotations

import base64

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import NotFound
from ..extensions import db
from ..i18n import text_for
from ..questionnaires.services import latest
from ..signing.services import image as signature_image
from . import checklist, rectifications, scoring, services
from .forms import ItemForm, ParticipantForm, RectificationForm, SignForm
from .models import DEPARTMENTS, Inspection, ItemScore, Signoff


def dimension_choices() -> list[tuple[str, str]]:
    """Dimensions of the current checklist as (key, label)."""
    version = latest("joint_inspection")
    if version is None:
        return []
    return list(checklist.dimension_labels(version.parsed).items())


def _rows_by_item(inspection: Inspection, revision: int | None = None) -> dict[str, ItemScore]:
    return {r.item_id: r for r in services.current_rows(inspection, revision)}


def record(inspection: Inspection, revision: int | None = None, printing: bool = False
           ) -> dict:
    """Everything the written record shows, for one revision (default: current)."""
    definition = inspection.questionnaire.parsed
    number = revision if revision and 1 <= revision <= inspection.revision else inspection.revision
    rows = _rows_by_item(inspection, number)
    signed = services.signoffs(inspection, number)
    rects = rectifications.listing(inspection.community_id, inspection_id=inspection.id)
    return {
        "inspection": inspection, "community": inspection.period.community,
        "groups": checklist.groups(definition), "rows": rows,
        "labels": checklist.dimension_labels(definition),
        "scores": checklist.scores_of(rows.values()), "number": number,
        "photos": scoring.item_photos(inspection),
        "signoffs": signed, "revisions": services.revisions(inspection),
        "unscored": services.unscored_items(inspection),
        "rectifications": rects, "rect_by_item": _by_item(rects),
        "today": services.local_today(),
        # a worker prints without a request, so without the page's signing form
        "sign_form": None if printing else SignForm(), "sign_errors": {},
        "text": text_for,
    }


def participant_form(inspection: Inspection, form: ParticipantForm | None = None
                     ) -> ParticipantForm:
    """The add-a-participant form with the accounts a participant may sign from."""
    form = form or ParticipantForm()
    form.user_id.choices = [(0, _("No account: signs through a one-time link"))] + [
        (u.id, f"{u.display_name or u.username} ({u.username})")
        for u in services.participant_accounts(inspection)]
    return form


def signature_png(inspection: Inspection, signoff_id: int) -> bytes:
    """The drawn signature of one of this inspection's sign-offs (404 for anything else)."""
    signoff = db.session.get(Signoff, signoff_id)
    if signoff is None or signoff.inspection_id != inspection.id or signoff.image_id is None:
        raise NotFound
    return signature_image(signoff.image_id).png


def signature_data_uri(signoff) -> str | None:
    """A drawn signature inline (the PDF must not fetch anything over HTTP)."""
    if signoff is None or signoff.image_id is None:
        return None
    return "data:image/png;base64," + base64.b64encode(
        signature_image(signoff.image_id).png).decode()


def _by_item(rects) -> dict[str, list]:
    out: dict[str, list] = {}
    for rect in rects:
        out.setdefault(rect.item_id, []).append(rect)
    return out


def _form_for(inspection: Inspection, ci: checklist.CheckItem, row: ItemScore | None) -> ItemForm:
    form = ItemForm(prefix=ci.id, formdata=None)
    if row is not None:
        form.mode.data = row.mode
        form.points.data = row.awarded if row.mode == "points" else None
        form.count.data = int(row.deduction_count) if row.deduction_count is not None else None
        form.note.data, form.location.data = row.note, row.location
    else:
        form.mode.data = "deductions" if ci.deduction_per else "points"
    return form


def walk(inspection: Inspection, posted: dict | None = None) -> dict:
    """The walk-round page: groups of items, each with its own form and current state."""
    context = record(inspection)
    forms = {ci.id: _form_for(inspection, ci, context["rows"].get(ci.id))
             for group in context["groups"] for ci in group.items}
    forms.update(posted or {})
    editable = inspection.status in ("scheduled", "in_progress", "correcting") \
        and not context["signoffs"]
    earlier = recheck(inspection)
    return {**context, "forms": forms, "editable": editable, "full_marks": scoring.full_marks,
            "recheck": earlier, "recheck_by_item": _by_item(earlier),
            "item_text": rectifications.item_text, "ep": _blueprint(inspection),
            "open_items": {item for item, _form in (posted or {}).items()}}


def _blueprint(inspection: Inspection) -> str:
    """The blueprint whose pages record this inspection: joint or internal (品质部)."""
    return "internal" if inspection.internal else "inspections"


def recheck(inspection: Inspection) -> list:
    """Earlier inspections' rectifications not yet closed: re-checked on the same walk (复查)."""
    return [r for r in rectifications.listing(inspection.community_id, status="active",
                                              internal=inspection.internal)
            if r.inspection_id != inspection.id]


def item_json(inspection: Inspection, row: ItemScore) -> dict:
    """The saved item for the walk-round's fetch: its score, finding state and photos."""
    photos = scoring.item_photos(inspection).get(row.item_id, [])
    scores = checklist.scores_of(services.current_rows(inspection))
    return {
        "ok": True, "item": row.item_id, "mode": row.mode, "awarded": row.awarded,
        "max_points": row.max_points, "finding": row.is_finding,
        "photos": [{"id": p.id, "thumb": url_for("inspections.photo", community_id=inspection.community_id,
                                                 photo_id=p.id, thumb=1)} for p in photos],
        "total": scores["total"], "scored": len(services.current_rows(inspection)),
    }


def form_errors(form) -> dict[str, list[str]]:
    """Form errors by field name (the prefix removed) for JSON answers."""
    return {name: [str(e) for e in field.errors] for name, field in form._fields.items()
            if field.errors}


def finding(inspection: Inspection, item_id: str) -> dict:
    """A finding and the form context to open a rectification from it."""
    ci = checklist.items_by_id(inspection.questionnaire.parsed).get(item_id)
    if ci is None:
        raise NotFound
    row = db.session.scalar(select(ItemScore).filter_by(
        inspection_id=inspection.id, revision=inspection.revision, item_id=item_id))
    return {"inspection": inspection, "community": inspection.period.community, "ci": ci,
            "row": row, "text": text_for, "form_class": RectificationForm,
            "departments": DEPARTMENTS}
