"""Scoring one checklist item at a time (METHOD M3), with its note, location and photos."""

from __future__ import annotations

import math

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..errors import FieldError, NotFound
from ..extensions import db
from ..stats.inspection import apply_deductions
from ..uploads import Photo, delete_photo, photos_for, save_image
from . import checklist
from .models import Inspection, ItemScore
from .services import ensure_editable

OWNER = "inspection_item"


def _awarded(ci: checklist.CheckItem, mode: str, points, count) -> tuple[float | None, float | None]:
    """(a_i, deduction count) from the entered values; FieldError names the bad field."""
    if mode == "na":
        if not ci.item.allow_na:
            raise FieldError("mode", _("This item cannot be marked not applicable."))
        return None, None
    if mode == "points":
        if points is None or not math.isfinite(float(points)):
            raise FieldError("points", _("Enter the points awarded."))
        value = float(points)
        if not 0 <= value <= ci.max_points:
            raise FieldError("points", _("Points must be between 0 and %(max)s.",
                                              max=f"{ci.max_points:g}"))
        return value, None
    if mode == "deductions":
        if ci.deduction_per is None:
            raise FieldError("mode", _("This item has no deduction rule; enter points."))
        if count is None or int(count) != count or count < 0 or count > 1000:
            raise FieldError("count", _("Enter how many problems were found (0 or more)."))
        # 每处扣 per 分，扣完为止: a = max(floor, m − Σ deductions), floor 0 unless the item sets one
        return float(apply_deductions(ci.max_points, [ci.deduction_per] * int(count),
                                      ci.deduction_floor)), count
    raise FieldError("mode", _("Choose how this item is scored."))


def save_item(inspection: Inspection, item_id: str, *, mode: str, points=None, count=None,
              note: str = "", location: str = "", photos=(), user=None) -> ItemScore:
    """Save one item of the current revision; other items are never touched."""
    ensure_editable(inspection)
    ci = checklist.items_by_id(inspection.questionnaire.parsed).get(item_id)
    if ci is None:
        raise NotFound
    awarded, count = _awarded(ci, mode, points, count)
    row = _row(inspection, ci)
    photos = [p for p in photos if p and getattr(p, "filename", "")]
    existing = len(photos_for(OWNER, [row.id])[row.id]) if row.id else 0
    if existing + len(photos) > ci.item.max_photos:
        raise FieldError("photos", _("At most %(n)d photos per item.", n=ci.item.max_photos))
    row.mode, row.awarded, row.deduction_count = mode, awarded, count
    row.deduction_per = ci.deduction_per if mode == "deductions" else None
    row.note, row.location = (note or "").strip(), (location or "").strip()[:200]
    row.scored_by_id = getattr(user, "id", None)
    db.session.flush()
    for upload in photos:
        save_image(upload, community_id=inspection.community_id, owner_type=OWNER,
                   owner_id=row.id, user=user)
    if inspection.status == "scheduled":
        inspection.status = "in_progress"
    audit.record("inspection.item", inspection, item=item_id, revision=inspection.revision,
                 mode=mode, awarded=awarded, count=count, photos=len(photos))
    return row


def full_marks(ci: checklist.CheckItem) -> dict:
    """The entries of one-tap 合格: no problems found (按处扣分) or full points (直接打分)."""
    if ci.deduction_per is not None:
        return {"mode": "deductions", "count": 0, "points": None}
    return {"mode": "points", "points": ci.max_points, "count": None}


def pass_remaining(inspection: Inspection, group_key: str, user=None) -> list[ItemScore]:
    """其余全部合格: full marks for every item of one section that has no entry yet."""
    ensure_editable(inspection)
    group = next((g for g in checklist.groups(inspection.questionnaire.parsed)
                  if g.key == group_key), None)
    if group is None:
        raise NotFound
    done = set(db.session.scalars(select(ItemScore.item_id).filter_by(
        inspection_id=inspection.id, revision=inspection.revision)))
    # items already entered keep their entries: the button only fills the gaps
    return [save_item(inspection, ci.id, user=user, **full_marks(ci))
            for ci in group.items if ci.id not in done]


def _row(inspection: Inspection, ci: checklist.CheckItem) -> ItemScore:
    """The item's row in the current revision, created if needed (race-safe)."""
    query = select(ItemScore).filter_by(inspection_id=inspection.id,
                                        revision=inspection.revision, item_id=ci.id)
    row = db.session.scalar(query)
    if row is not None:
        return row
    row = ItemScore(inspection_id=inspection.id, revision=inspection.revision, item_id=ci.id,
                    dimension=ci.dimension, max_points=ci.max_points, pass_line=ci.pass_line,
                    mode="na")
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # another inspector created the same item's row a moment ago: update theirs
        row = db.session.scalar(query)
    return row


def item_photos(inspection: Inspection) -> dict[str, list[Photo]]:
    """Photos of every item across all revisions (a correction keeps earlier photos), by item."""
    rows = list(db.session.execute(select(ItemScore.id, ItemScore.item_id).filter_by(
        inspection_id=inspection.id)))
    by_owner = photos_for(OWNER, [r.id for r in rows])
    out: dict[str, list[Photo]] = {}
    for row_id, item_id in rows:
        out.setdefault(item_id, []).extend(by_owner.get(row_id, []))
    return out


def remove_photo(inspection: Inspection, photo_id: int) -> None:
    """Delete an item photo while the inspection is still editable."""
    ensure_editable(inspection)
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.owner_type != OWNER or photo.community_id != inspection.community_id:
        raise NotFound
    row = db.session.get(ItemScore, photo.owner_id)
    if row is None or row.inspection_id != inspection.id:
        raise NotFound
    if row.revision != inspection.revision:
        raise FieldError("photos", _("Photos of a signed revision are part of its record."))
    audit.record("inspection.photo.delete", inspection, item=row.item_id, photo=photo.id)
    delete_photo(photo)
