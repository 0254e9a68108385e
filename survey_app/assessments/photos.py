"""Evidence photos per sheet item, stored through the shared photo pipeline."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import Forbidden, NotFound
from ..extensions import db
from ..uploads import Photo, UploadError, delete_photo, save_image
from .models import AssessmentProject, AssessorSheet, SheetPhoto
from .services import manages, may_compare, sheet_of

OWNER_TYPE = "assessment_item"


def photos_by_item(sheet_ids) -> dict[tuple[int, str], list[Photo]]:
    """(sheet id, item id) → photos, in one query."""
    out: dict[tuple[int, str], list[Photo]] = defaultdict(list)
    ids = list(sheet_ids)
    if not ids:
        return out
    rows = db.session.execute(
        select(SheetPhoto.sheet_id, SheetPhoto.item_id, Photo)
        .join(Photo, Photo.id == SheetPhoto.photo_id)
        .where(SheetPhoto.sheet_id.in_(ids)).order_by(Photo.id))
    for sheet_id, item_id, photo in rows:
        out[(sheet_id, item_id)].append(photo)
    return out


def check_uploads(sheet: AssessorSheet, items: list, files: dict) -> dict[str, str]:
    """Item id → error for uploads that would exceed an item's photo limit."""
    current = photos_by_item([sheet.id])
    errors = {}
    for item in items:
        new = [f for f in files.get(item.id, []) if f and f.filename]
        if len(current[(sheet.id, item.id)]) + len(new) > item.max_photos:
            errors[item.id] = _("At most %(n)d photos per item.", n=item.max_photos)
    return errors


def store_uploads(sheet: AssessorSheet, items: list, files: dict) -> dict[str, str]:
    """Save the uploaded photos of the given items; item id → error for a refused file."""
    errors = {}
    for item in items:
        for upload in files.get(item.id, []):
            if not upload or not upload.filename:
                continue
            try:
                photo = save_image(upload, community_id=sheet.project.community_id,
                                   owner_type=OWNER_TYPE, owner_id=sheet.id,
                                   user=sheet.assessor)  # only its assessor saves a sheet
            except UploadError as exc:
                errors[item.id] = f"{upload.filename}: {exc}"
                break
            db.session.add(SheetPhoto(sheet_id=sheet.id, item_id=item.id, photo_id=photo.id))
    db.session.flush()
    return errors


def remove(sheet: AssessorSheet, item_ids: set[str] | None, photo_ids: list[int]) -> None:
    """Delete the sheet's photos with these ids, on items the assessor may change."""
    if not photo_ids:
        return
    links = db.session.scalars(select(SheetPhoto).where(
        SheetPhoto.sheet_id == sheet.id, SheetPhoto.photo_id.in_(photo_ids)))
    for link in list(links):
        if item_ids is None or link.item_id in item_ids:
            photo = db.session.get(Photo, link.photo_id)
            db.session.delete(link)
            db.session.flush()
            if photo is not None:
                delete_photo(photo)


def photo_for_viewer(photo_id: int, user) -> Photo:
    """A photo the user may see: own sheet, compared sheets, or signed results."""
    link = db.session.scalar(select(SheetPhoto).filter_by(photo_id=photo_id))
    if link is None:
        raise NotFound
    sheet = db.session.get(AssessorSheet, link.sheet_id)
    project: AssessmentProject = sheet.project
    own = sheet_of(project, user)
    allowed = (own is not None and own.id == sheet.id) or may_compare(project, user) \
        or (manages(project, user) and project.revision > 0)
    if not allowed:
        raise Forbidden
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound
    return photo
