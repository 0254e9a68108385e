"""Offline sheet sync (issue 20): idempotent item saves and photos of a third-party sheet.

The same queue as the inspection walk-round sends one item at a time, in order, each with an
idempotency key and the item's server version it was based on; the server stays the judge
(scoring.save_item applies the form's own checks).
"""

from __future__ import annotations

from flask_babel import gettext as _

from .. import offline_keys
from ..errors import FieldError, NotFound
from ..offline_keys import ItemConflict, Locked
from . import photos, scoring
from .models import AssessorSheet, SheetOfflineSave, SheetScore
from .services import scored_items

NOTE_MAX = scoring.NOTE_MAX


def item_values(row: SheetScore | None) -> dict:
    """The saved values of one sheet item (empty when never scored), with its version."""
    if row is None:
        return {"points": None, "na": False, "note": "", "version": None}
    return {"points": row.points, "na": row.points is None, "note": row.note,
            "version": offline_keys.version(row.updated_at)}


def _item(sheet: AssessorSheet, item_id: str):
    """The sheet item the assessor may change now; Locked when the sheet or item is closed."""
    item = next((i for i in scored_items(sheet.project.questionnaire_version)
                 if i.id == item_id), None)
    if item is None:
        raise NotFound
    allowed = scoring.editable_items(sheet)
    if allowed is not None and item_id not in allowed:
        raise Locked(_("This sheet has been submitted. It can only be changed when the lead "
                       "assessor sends items back for rescoring."))
    return item


def _entry(payload: dict) -> scoring.Entry:
    """The entered values from a JSON save; FieldError names a field of the wrong type."""
    points = payload.get("points")
    if points is not None and (isinstance(points, bool) or not isinstance(points, int | float)):
        raise FieldError("points", _("Enter a number."))
    note = payload.get("note") or ""
    if not isinstance(note, str) or len(note) > NOTE_MAX:
        raise FieldError("note", _("At most %(n)d characters.", n=NOTE_MAX))
    return scoring.Entry(points="" if points is None else str(points),
                         na=payload.get("na") is True, note=note)


def _current(sheet: AssessorSheet, item_id: str) -> SheetScore | None:
    return next((s for s in sheet.scores if s.item_id == item_id), None)


def save(sheet: AssessorSheet, item_id: str, payload: dict, *, user) -> dict:
    """Apply one queued sheet item save once per key; ItemConflict when its base is stale."""
    item = _item(sheet, item_id)
    entry = _entry(payload)
    first = offline_keys.claim(SheetOfflineSave, user, payload.get("key"), sheet_id=sheet.id)
    if first is not None:
        return first
    current = _current(sheet, item_id)
    if payload.get("base") != offline_keys.version(current.updated_at if current else None):
        raise ItemConflict(mine={"points": payload.get("points"), "na": entry.na,
                                 "note": entry.note}, theirs=item_values(current))
    row = scoring.save_item(sheet, item, entry)
    answer = {"ok": True, "item": item_id, **item_values(row)}
    return offline_keys.remember(SheetOfflineSave, user, payload["key"], answer)


def save_photo(sheet: AssessorSheet, item_id: str, upload, *, key, user) -> dict:
    """Store one queued photo of a sheet item, once per key, within the item's limit."""
    item = _item(sheet, item_id)
    first = offline_keys.claim(SheetOfflineSave, user, key, sheet_id=sheet.id)
    if first is not None:
        return first
    if upload is None or not upload.filename:
        raise FieldError("photo", _("Choose a photo."))
    files = {item_id: [upload]}
    errors = photos.check_uploads(sheet, [item], files) or photos.store_uploads(
        sheet, [item], files)
    if errors:
        raise FieldError("photo", errors[item_id])
    return offline_keys.remember(SheetOfflineSave, user, key, {"ok": True, "item": item_id})


def purge_keys(now, days: int) -> int:
    """Delete idempotency keys of sheet saves older than ``days``; returns how many."""
    return offline_keys.purge(SheetOfflineSave, now, days)
