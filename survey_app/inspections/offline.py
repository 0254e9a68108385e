"""Offline walk-round sync (issue 20): idempotent item saves and photo uploads.

The phone queues saves while it has no network and sends them later, in order, each with a
client-generated idempotency key and the version of the item it was based on. The server
stays the judge: every save goes through scoring.save_item, the same validation as the form.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from .. import offline_keys
from ..errors import FieldError, NotFound
from ..extensions import db
from ..offline_keys import ItemConflict, Locked
from ..uploads import photos_for, save_image
from . import checklist, scoring
from .models import Inspection, ItemScore, OfflineSave
from .services import ensure_editable

TEXT_LIMITS = {"note": 2000, "location": 200}


def version(row: ItemScore | None) -> str | None:
    """The item's version as the client sees it: its last change on the server clock."""
    return offline_keys.version(row.updated_at if row is not None else None)


def item_values(row: ItemScore | None) -> dict:
    """The saved values of one item (empty when never scored), with its version."""
    if row is None:
        return {"mode": None, "points": None, "count": None, "note": "", "location": "",
                "awarded": None, "version": None}
    return {"mode": row.mode, "points": row.awarded if row.mode == "points" else None,
            "count": row.deduction_count, "note": row.note, "location": row.location,
            "awarded": row.awarded, "version": version(row)}


def _current(inspection: Inspection, item_id: str) -> ItemScore | None:
    return db.session.scalar(select(ItemScore).filter_by(
        inspection_id=inspection.id, revision=inspection.revision, item_id=item_id))


def _editable(inspection: Inspection) -> None:
    """ensure_editable, but a locked record is a conflict the phone must show, not bad input."""
    try:
        ensure_editable(inspection)
    except FieldError as exc:
        raise Locked(str(exc)) from exc


def _claim(user, key, inspection: Inspection) -> dict | None:
    return offline_keys.claim(OfflineSave, user, key, inspection_id=inspection.id)


def _remember(user, key: str, answer: dict) -> dict:
    return offline_keys.remember(OfflineSave, user, key, answer)


def _values(payload: dict) -> dict:
    """The entered values from a JSON save; FieldError names a field of the wrong type."""
    out = {"mode": payload.get("mode")}
    if not isinstance(out["mode"], str):
        raise FieldError("mode", _("Choose how this item is scored."))
    for name in ("points", "count"):
        value = payload.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise FieldError(name, _("Enter a number."))
        out[name] = value
    for name, limit in TEXT_LIMITS.items():
        value = payload.get(name) or ""
        if not isinstance(value, str) or len(value) > limit:
            raise FieldError(name, _("At most %(n)d characters.", n=limit))
        out[name] = value
    return out


def save(inspection: Inspection, item_id: str, payload: dict, *, user) -> dict:
    """Apply one queued item save once per key; ItemConflict when its base is stale."""
    _editable(inspection)
    if item_id not in checklist.items_by_id(inspection.questionnaire.parsed):
        raise NotFound
    values = _values(payload)
    first = _claim(user, payload.get("key"), inspection)
    if first is not None:
        return first
    current = _current(inspection, item_id)
    if payload.get("base") != version(current):
        raise ItemConflict(mine=values, theirs=item_values(current))
    row = scoring.save_item(inspection, item_id, user=user, **values)
    db.session.flush()
    answer = {"ok": True, "item": item_id, **item_values(row)}
    return _remember(user, payload["key"], answer)


def save_photo(inspection: Inspection, item_id: str, upload, *, key, user) -> dict:
    """Store one queued photo of an already saved item, once per key."""
    _editable(inspection)
    ci = checklist.items_by_id(inspection.questionnaire.parsed).get(item_id)
    if ci is None:
        raise NotFound
    first = _claim(user, key, inspection)
    if first is not None:
        return first
    row = _current(inspection, item_id)
    if row is None:
        raise FieldError("photos", _("Save the item's score before its photos."))
    if len(photos_for(scoring.OWNER, [row.id])[row.id]) >= ci.item.max_photos:
        raise FieldError("photos", _("At most %(n)d photos per item.", n=ci.item.max_photos))
    photo = save_image(upload, community_id=inspection.community_id, owner_type=scoring.OWNER,
                       owner_id=row.id, user=user)
    return _remember(user, key, {"ok": True, "item": item_id, "photo": photo.id})


def purge_keys(now, days: int) -> int:
    """Delete idempotency keys of walk-round saves older than ``days``; returns how many."""
    return offline_keys.purge(OfflineSave, now, days)
