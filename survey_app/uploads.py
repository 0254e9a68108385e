"""Shared photo pipeline: check an uploaded image, strip its metadata, resize, store, serve.

Every feature that takes photos (inspection items, rectification evidence, assessment items,
tickets) stores them through ``save_image`` and serves them with ``send_photo`` from its own
routes, which know who may see what. Files live under ``UPLOAD_DIR/<community_id>/``, outside
``static/``, so nothing is reachable without a permission check.

What is stored is never the uploaded file: the image is decoded, rotated upright (EXIF
orientation), and re-encoded without any metadata (EXIF, GPS, XMP, comments), so a polyglot
or a location tag cannot survive even if it slipped past the checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import struct
import warnings
from datetime import datetime
from pathlib import Path

from flask import current_app, send_file
from flask_babel import lazy_gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import Index, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .errors import NotFound
from .extensions import db
from .guards.faults import is_storage_fault
from .models_base import by_user, owned_by, utcnow

#: extension → Pillow format it must contain
EXTENSIONS = {
    "jpg": "JPEG", "jpeg": "JPEG", "jpe": "JPEG", "jfif": "JPEG",
    "png": "PNG", "webp": "WEBP", "gif": "GIF",
}
ALLOWED_FORMATS = frozenset(EXTENSIONS.values())
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
#: byte strings that have no business inside a photo: markup, scripts, documents
ACTIVE_MARKERS = (b"<script", b"<html", b"<?php", b"<svg", b"<!doctype", b"<iframe",
                  b"<body", b"<object", b"<embed", b"javascript:", b"%pdf-")
ZIP_END = b"PK\x05\x06"
#: defaults when the app config does not set them
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_STORED_MAX_BYTES = 1_500_000
JPEG_QUALITIES = (85, 78, 70, 62)


class UploadError(ValueError):
    """A file that cannot be accepted as a photo; str(error) is the translated user message."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Photo(db.Model):
    """A stored, cleaned image attached to some object (``owner_type`` + ``owner_id``)."""

    __tablename__ = "photo"
    __table_args__ = (Index("ix_photo_owner", "owner_type", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    owner_type: Mapped[str] = mapped_column(String(40), nullable=False)
    owner_id: Mapped[int] = mapped_column(nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    content_type: Mapped[str] = mapped_column(String(40), nullable=False)
    width: Mapped[int] = mapped_column(nullable=False)
    height: Mapped[int] = mapped_column(nullable=False)
    bytes: Mapped[int] = mapped_column(nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


# --------------------------------------------------------------------------- checks


def _read_limited(file_storage) -> bytes:
    """The upload's bytes, refusing empty and oversized files without reading them whole."""
    limit = int(current_app.config.get("UPLOAD_MAX_BYTES") or 12 * 1024 * 1024)
    stream = getattr(file_storage, "stream", file_storage)
    data = stream.read(limit + 1)
    if not data:
        raise UploadError(_("The file is empty."))
    if len(data) > limit:
        raise UploadError(_("The file is too large (at most %(mb).0f MB).",
                            mb=limit / 1024 / 1024))
    return data


def _extension(filename: str | None) -> str | None:
    """The lower-case extension of the uploaded name ('' when there is none)."""
    name = os.path.basename(filename or "")
    if "." not in name:
        return ""
    return name.rsplit(".", 1)[1].lower()


def _check_markers(data: bytes) -> None:
    """Refuse files that carry markup, scripts or an appended archive (polyglots)."""
    low = data.lower()
    if any(marker in low for marker in ACTIVE_MARKERS) or ZIP_END in data[-65_600:]:
        raise UploadError(_("The file contains more than an image and was refused."))


def _check_trailer(data: bytes, fmt: str) -> None:
    """PNG and GIF end at a fixed trailer; anything after it is a hidden payload."""
    if fmt == "PNG":
        end = data.rfind(b"IEND")
        if end < 0 or len(data[end + 8:].strip(b"\0")) > 0:
            raise UploadError(_("The file contains more than an image and was refused."))
    # JPEG may legitimately carry data after EOI (phones append motion-photo video), and
    # is re-encoded anyway; GIF/WebP trailers are covered by the marker scan.


def _max_pixels() -> int:
    return int(current_app.config.get("IMAGE_MAX_PIXELS") or DEFAULT_MAX_PIXELS)


def _open_verified(data: bytes, ext: str) -> Image.Image:
    """Decode the image fully, after Pillow's structural verify(); return it loaded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                _check_size(probe.size)
                probe.verify()
            if fmt not in ALLOWED_FORMATS:
                raise UploadError(_("Only JPEG, PNG, WebP or GIF photos are accepted."))
            if ext and EXTENSIONS.get(ext) != fmt:
                raise UploadError(_("The file name ends in .%(ext)s but the file is a %(fmt)s "
                                    "image.", ext=ext, fmt=fmt))
            _check_trailer(data, fmt)
            image = Image.open(io.BytesIO(data))
            if fmt == "GIF":
                image.seek(0)
            image.load()
            return image
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            IndexError, TypeError, struct.error):
        raise UploadError(_("The file is not a readable image.")) from None


def _check_size(size: tuple[int, int]) -> None:
    """Refuse decompression bombs before any pixel is decoded."""
    width, height = size
    if width <= 0 or height <= 0:
        raise UploadError(_("The file is not a readable image."))
    if width * height > _max_pixels():
        raise UploadError(_("The image has too many pixels."))


# --------------------------------------------------------------------------- cleaning


def _has_alpha(image: Image.Image) -> bool:
    """Whether the image has any pixel that is not fully opaque."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        alpha = image.convert("RGBA").getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


def _clean(image: Image.Image) -> tuple[Image.Image, str]:
    """Upright, metadata-free, resized pixels and the format to store them in."""
    image = ImageOps.exif_transpose(image) or image
    transparent = _has_alpha(image)
    clean = image.convert("RGBA" if transparent else "RGB")
    side = int(current_app.config.get("IMAGE_MAX_SIDE") or 1600)
    clean.thumbnail((side, side), Image.Resampling.LANCZOS)
    # a fresh image has no info dict, so no EXIF/ICC/XMP/comment can be written out
    fresh = Image.new(clean.mode, clean.size)
    fresh.paste(clean)
    return fresh, ("png" if transparent else "jpg")


def _encode(image: Image.Image, ext: str) -> bytes:
    """Encode within the stored-size cap, lowering quality and then size as needed."""
    cap = int(current_app.config.get("PHOTO_STORED_MAX_BYTES") or DEFAULT_STORED_MAX_BYTES)
    while True:
        for quality in (JPEG_QUALITIES if ext == "jpg" else (None,)):
            out = io.BytesIO()
            if ext == "jpg":
                image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            else:
                image.save(out, "PNG", optimize=True)
            if out.tell() <= cap or max(image.size) <= 320:
                return out.getvalue()
        image = image.resize((max(1, int(image.width * 0.8)), max(1, int(image.height * 0.8))),
                             Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------- storage


def upload_root() -> Path:
    """The folder photos are stored under (outside static/)."""
    return Path(current_app.config["UPLOAD_DIR"])


def photo_path(photo: Photo) -> Path:
    """Where a photo's file is stored."""
    return upload_root() / str(photo.community_id) / photo.stored_name


def _write(path: Path, data: bytes) -> None:
    """Write atomically so a reader never sees half a file; a folder that refuses the file
    (permissions, read-only, full) is an UploadError, so the form keeps what was typed."""
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if not is_storage_fault(exc):
            raise
        current_app.logger.error("upload folder unwritable: %s", exc)
        raise UploadError(_("The photo could not be stored right now: nothing was saved. "
                            "Please try again later, or send it without the photo.")) from exc


def save_image(file_storage, *, community_id: int, owner_type: str, owner_id: int,
               user=None) -> Photo:
    """Check, clean and store an uploaded image; returns the flushed Photo (UploadError if bad)."""
    if file_storage is None:
        raise UploadError(_("No file was uploaded."))
    data = _read_limited(file_storage)
    ext = _extension(getattr(file_storage, "filename", None))
    if ext and ext not in EXTENSIONS:
        raise UploadError(_("Only JPEG, PNG, WebP or GIF photos are accepted."))
    _check_markers(data)
    image = _open_verified(data, ext)
    try:
        clean, out_ext = _clean(image)
    finally:
        image.close()
    encoded = _encode(clean, out_ext)
    photo = Photo(
        community_id=community_id, owner_type=owner_type, owner_id=owner_id,
        stored_name=f"{secrets.token_urlsafe(18)}.{out_ext}",
        content_type=CONTENT_TYPES[out_ext], width=clean.width, height=clean.height,
        bytes=len(encoded), sha256=hashlib.sha256(encoded).hexdigest(),
        uploaded_by_id=getattr(user, "id", None),
    )
    path = photo_path(photo)
    _write(path, encoded)
    db.session.info.setdefault(_NEW_FILES, []).append(path)
    db.session.add(photo)
    db.session.flush()
    return photo


def delete_photo(photo: Photo) -> None:
    """Remove a photo's row, and its files once that is committed (the caller checks
    permissions)."""
    db.session.info.setdefault(_DOOMED_FILES, []).extend(
        [photo_path(photo), *_thumb_dir(photo).glob(photo.stored_name.split(".")[0] + "_*")])
    db.session.delete(photo)
    db.session.flush()


# Files follow the transaction: a photo written by a request that then fails (a later form
# error, a conflict) would stay on disk without a row, and a file deleted before a rollback
# would leave a row without its file. So new files are removed when their transaction ends
# without a commit, and deleted files only go once the deletion is committed.
_NEW_FILES, _DOOMED_FILES = "uploads_new_files", "uploads_doomed_files"


@event.listens_for(Session, "after_commit")
def _files_follow_commit(session) -> None:
    session.info.pop(_NEW_FILES, None)
    for path in session.info.pop(_DOOMED_FILES, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _files_follow_rollback(session, transaction) -> None:
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    for path in session.info.pop(_NEW_FILES, []):  # still here: not committed
        path.unlink(missing_ok=True)
    session.info.pop(_DOOMED_FILES, None)


def photos_for(owner_type: str, owner_ids) -> dict[int, list[Photo]]:
    """Photos of many owners in one query, by owner id (in upload order)."""
    ids = list({int(i) for i in owner_ids})
    out: dict[int, list[Photo]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = db.session.scalars(select(Photo).where(
        Photo.owner_type == owner_type, Photo.owner_id.in_(ids)).order_by(Photo.id))
    for photo in rows:
        out[photo.owner_id].append(photo)
    return out


# --------------------------------------------------------------------------- serving


def _thumb_dir(photo: Photo) -> Path:
    return upload_root() / str(photo.community_id) / "thumbs"


def thumbnail_bytes(photo: Photo, side: int = 320) -> bytes:
    """A small JPEG/PNG of the photo, cached on disk next to it."""
    stem, ext = photo.stored_name.rsplit(".", 1)
    cached = _thumb_dir(photo) / f"{stem}_{int(side)}.{ext}"
    if cached.exists():
        return cached.read_bytes()
    with Image.open(photo_path(photo)) as image:
        image.load()
        small = image.copy()
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if ext == "png":
        small.save(out, "PNG", optimize=True)
    else:
        small.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    data = out.getvalue()
    with contextlib.suppress(UploadError):  # the cache is optional (folder unwritable)
        _write(cached, data)
    return data


def send_photo(photo: Photo, thumb: bool = False):
    """A response with the photo (or its thumbnail), private to the signed-in user."""
    if thumb:
        response = send_file(io.BytesIO(thumbnail_bytes(photo)), mimetype=photo.content_type,
                             max_age=3600, etag=f"{photo.sha256}-t")
    else:
        path = photo_path(photo)
        if not path.exists():
            raise NotFound
        # stored photos are small (capped); reading them whole leaves no open file handle
        response = send_file(io.BytesIO(path.read_bytes()), mimetype=photo.content_type,
                             max_age=3600, etag=photo.sha256)
    response.cache_control.public = False
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    ext = photo.stored_name.rsplit(".", 1)[1]
    response.headers["Content-Disposition"] = f'inline; filename="photo-{photo.id}.{ext}"'
    return response
