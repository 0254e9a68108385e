"""An assessor's own sheet: save a draft, submit, rescore the items sent back."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _

from .. import audit
from ..errors import FieldError, Forbidden
from ..extensions import db
from ..models_base import utcnow
from ..permissions import can
from . import photos
from .models import AssessmentProject, AssessorSheet, SheetScore
from .services import scored_items, sheet_of

NOTE_MAX = 2000


@dataclass(frozen=True)
class Entry:
    """What the form sent for one item: raw points text, not-applicable box, note."""

    points: str = ""
    na: bool = False
    note: str = ""


class SheetError(ValueError):
    """Bad entries on a sheet: item id → message (nothing is saved)."""

    def __init__(self, errors: dict[str, str], message: str | None = None,
                 photo_items: set[str] | None = None):
        self.errors = errors
        #: items refused because of their photos (limit or bad file)
        self.photo_items = photo_items or set()
        super().__init__(message or _("Please correct the marked items."))


class SheetLocked(ValueError):
    """The sheet cannot be changed in its current state."""


def own_sheet(project: AssessmentProject, user) -> AssessorSheet:
    """The user's own sheet in a project; Forbidden if they have none or may not score."""
    sheet = sheet_of(project, user)
    if sheet is None or not can("assessment.score", project.community_id, user):
        raise Forbidden
    return sheet


def editable_items(sheet: AssessorSheet) -> set[str] | None:
    """Item ids the assessor may change now (None = every item; empty = none)."""
    if sheet.project.status == "signed":
        return set()
    if sheet.status == "draft":
        return None
    if sheet.status == "rescore_requested":
        return set(sheet.rescore_items)
    return set()


def _parse(item, entry: Entry) -> tuple[bool, float | None, str | None]:
    """(has a value, points or None for not applicable, error message)."""
    if len(entry.note or "") > NOTE_MAX:
        return False, None, _("The note is longer than %(n)d characters.", n=NOTE_MAX)
    if entry.na:
        return True, None, None
    raw = (entry.points or "").strip().replace("，", ".").replace(",", ".")
    if not raw:
        return False, None, None
    try:
        value = float(raw)
    except ValueError:
        return False, None, _("“%(v)s” is not a number.", v=raw)
    if not math.isfinite(value) or value < 0 or value > item.max_points:
        return False, None, _("Points must be between 0 and %(m)s.", m=_fmt(item.max_points))
    return True, round(value, 2), None


def _fmt(x: float) -> str:
    return f"{x:g}"


def save_sheet(sheet: AssessorSheet, entries: dict[str, Entry], submit: bool = False, *,
               files: dict | None = None, remove_photos: list[int] | None = None,
               confirmed: bool = True) -> AssessorSheet:
    """Store the entries (and photos) of the editable items; submit needs every item.

    The page sends ``confirmed`` only when the assessor ticked that submitting locks the sheet.
    """
    allowed = editable_items(sheet)
    if allowed is not None and not allowed:
        raise SheetLocked(_("This sheet has been submitted. It can only be changed when the "
                            "lead assessor sends items back for rescoring."))
    items = [i for i in scored_items(sheet.project.questionnaire_version)
             if allowed is None or i.id in allowed]
    existing = {s.item_id: s for s in sheet.scores}
    errors, values = {}, {}
    for item in items:
        has, points, error = _parse(item, entries.get(item.id, Entry()))
        if error:
            errors[item.id] = error
        elif has:
            values[item.id] = (points, (entries[item.id].note or "").strip())
        elif submit:
            errors[item.id] = _("Give points or mark the item as not applicable.")
    photo_errors = photos.check_uploads(sheet, items, files or {})
    errors.update(photo_errors)
    if submit and not confirmed:
        errors["confirm_submit"] = _("Tick the box to confirm that the sheet is locked once "
                                     "submitted.")
    if errors:
        raise SheetError(errors, photo_items=set(photo_errors))
    changes = _apply(sheet, items, values, existing, entries)
    photos.remove(sheet, allowed, remove_photos or [])
    errors = photos.store_uploads(sheet, items, files or {})
    if errors:  # the caller rolls back: nothing of this request is kept
        raise SheetError(errors, photo_items=set(errors))
    if submit:
        _submit(sheet, changes)
    db.session.flush()
    return sheet


def _apply(sheet, items, values, existing, entries) -> dict[str, list]:
    """Write values; returns item id → [old, new] for changed points."""
    changes = {}
    for item in items:
        row = existing.get(item.id)
        if item.id not in values:
            if row is not None:
                changes[item.id] = [row.points, "—"]
                sheet.scores.remove(row)  # delete-orphan removes the row
            continue
        points, note = values[item.id]
        if row is None:
            row = SheetScore(item_id=item.id, points=points, note=note)
            sheet.scores.append(row)
            changes[item.id] = ["—", points]
            continue
        if row.points != points:
            changes[item.id] = [row.points, points]
        row.points, row.note = points, note
    return changes


def _submit(sheet: AssessorSheet, changes: dict) -> None:
    """Mark a sheet submitted; move the project to review once every sheet is in."""
    rescoring = sheet.status == "rescore_requested"
    now = utcnow()
    sheet.status, sheet.submitted_at = "submitted", now
    sheet.first_submitted_at = sheet.first_submitted_at or now
    audit.record("assessment.sheet.rescore" if rescoring else "assessment.sheet.submit", sheet,
                 community_id=sheet.project.community_id, project_id=sheet.project_id,
                 items=sheet.rescore_items if rescoring else None,
                 changes=changes if rescoring else None)
    sheet.rescore_items, sheet.rescore_note = [], ""
    project = sheet.project
    if project.status == "scoring" and all(s.status == "submitted" for s in project.sheets):
        project.status = "review"
    db.session.flush()


def keep_photos(sheet: AssessorSheet, files: dict, skip: set[str]) -> int:
    """After a refused save, store the chosen photos anyway; returns how many were kept.

    Choosing photos again on a phone is the costly part of a failed save, and photos of a
    draft or reopened item can still be removed; the scores themselves stay unsaved. Items
    in ``skip`` (their photos were the reason for the refusal) keep none.
    """
    allowed = editable_items(sheet)
    if allowed is not None and not allowed:
        return 0
    items = [i for i in scored_items(sheet.project.questionnaire_version)
             if (allowed is None or i.id in allowed) and i.id not in skip]
    for upload in (u for item in items for u in files.get(item.id, [])):
        if upload and upload.filename:
            upload.stream.seek(0)  # the refused save may have read it
    items = [i for i in items if i.id not in photos.check_uploads(sheet, items, files)]
    before = _photo_count(sheet)
    photos.store_uploads(sheet, items, files)
    return _photo_count(sheet) - before


def _photo_count(sheet: AssessorSheet) -> int:
    return sum(map(len, photos.photos_by_item([sheet.id]).values()))


def save_item(sheet: AssessorSheet, item, entry: Entry) -> SheetScore | None:
    """Store one item of a draft sheet, with the same checks as the form (offline sync).

    An empty entry removes the item's score, as the form does; returns the row or None.
    """
    has, points, error = _parse(item, entry)
    if error:
        raise FieldError("note" if len(entry.note or "") > NOTE_MAX else "points", error)
    row = next((s for s in sheet.scores if s.item_id == item.id), None)
    if not has:
        if row is not None:
            sheet.scores.remove(row)
        db.session.flush()
        return None
    if row is None:
        row = SheetScore(item_id=item.id, points=points, note="")
        sheet.scores.append(row)
    row.points, row.note = points, (entry.note or "").strip()
    db.session.flush()
    return row
