"""Signing links and drawn signatures: issue, open, check the drawing, complete once.

A feature registers a ``Handler`` for its purpose: ``summary`` says what is being signed
(and refuses when it can no longer be signed), ``complete`` checks the name and records the
signature. This module owns the link: random token, only its hash stored, expiry, one use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from .. import transitions
from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from .models import SignatureImage, SigningLink

#: how long a signing link stays valid (the participant signs on the spot)
LINK_MINUTES = 30
#: limits of a drawn signature: bytes of the PNG, and its pixel size
MAX_PNG_BYTES = 512 * 1024
MAX_SIDE = (2400, 1200)
MIN_SIDE = (100, 40)
#: dark pixels a drawing needs to count as a signature (a blank canvas has none)
MIN_INK = 40
DATA_URL_PREFIX = "data:image/png;base64,"


@dataclass(frozen=True)
class Handler:
    """What a feature does with its links: describe the subject, record the signature."""

    summary: Callable[[SigningLink], dict]
    complete: Callable[..., object]


HANDLERS: dict[str, Handler] = {}


def register(purpose: str, handler: Handler) -> None:
    """Let links of ``purpose`` be completed by ``handler`` (called at import time)."""
    HANDLERS[purpose] = handler


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(purpose: str, subject_id: int, user=None) -> tuple[SigningLink, str]:
    """A new one-time link for the subject; returns the row and the token (shown once)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    link = SigningLink(purpose=purpose, subject_id=subject_id, token_hash=_hash(token),
                       created_at=now, expires_at=now + timedelta(minutes=LINK_MINUTES),
                       created_by_id=getattr(user, "id", None))
    db.session.add(link)
    db.session.flush()
    return link, token


def open_link(token: str, viewer=None) -> SigningLink:
    """The link of a token, refused when unknown, used, expired or opened while signed in."""
    link = db.session.scalar(select(SigningLink).filter_by(token_hash=_hash(token or "")))
    if link is None or link.purpose not in HANDLERS:
        raise NotFound()
    if link.used_at is not None:
        raise FieldError("link", _("This signing link has already been used. Each link "
                                   "signs once; ask the recorder for a new one."))
    if link.expires_at < utcnow():
        raise FieldError("link", _("This signing link has expired. Ask the recorder for a "
                                   "new one."))
    if getattr(viewer, "is_authenticated", False):
        # an account holder signs from their own account; a signed-in phone opening a link
        # is the recorder's, and the recorder never signs for someone else
        raise FieldError("link", _("This link is for a participant without an account, to "
                                   "sign on their own phone. It cannot be used while "
                                   "signed in."))
    return link


def summary(link: SigningLink) -> dict:
    """What the link signs, from the feature (which refuses a locked or signed subject)."""
    return HANDLERS[link.purpose].summary(link)


def drawn_png(data_url: str | None) -> bytes:
    """The PNG bytes of a drawing sent by the canvas, checked: a real PNG, sized, not blank."""
    data_url = (data_url or "").strip()
    if not data_url:
        raise FieldError("signature", _("Draw your signature in the box."))
    if not data_url.startswith(DATA_URL_PREFIX) or \
            len(data_url) > len(DATA_URL_PREFIX) + MAX_PNG_BYTES * 4 // 3 + 4:
        raise FieldError("signature", _("The signature must be a PNG image under 512 KB."))
    try:
        data = base64.b64decode(data_url[len(DATA_URL_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise FieldError("signature", _("The signature is not a valid image.")) from None
    _check_png(data)
    return data


def _check_png(data: bytes) -> None:
    """Refuse anything but a PNG of sensible size with ink on it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            sized = MIN_SIDE[0] <= width <= MAX_SIDE[0] and MIN_SIDE[1] <= height <= MAX_SIDE[1]
            # decode only what passed the size check (no decompression bombs)
            ink = _ink(image) if kind == "PNG" and sized else 0
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        kind = None
    if kind != "PNG":
        raise FieldError("signature", _("The signature is not a valid image."))
    if not sized:
        raise FieldError("signature", _("The signature image has an unexpected size."))
    if ink < MIN_INK:
        raise FieldError("signature", _("Draw your signature in the box."))


def _ink(image: Image.Image) -> int:
    """Dark, visible pixels: strokes on a transparent or white background."""
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(white, rgba).convert("L")
    return sum(grey.histogram()[:160])


def store_image(png: bytes) -> SignatureImage:
    """Keep a checked drawing with its digest."""
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    row = SignatureImage(png=png, sha256=hashlib.sha256(png).hexdigest(), width=width,
                         height=height)
    db.session.add(row)
    db.session.flush()
    return row


def use_up(link: SigningLink) -> None:
    """Mark the link used; of two simultaneous submissions exactly one gets it."""
    if not transitions.advance(link, {"used_at": None}, {"used_at": utcnow()}):
        raise FieldError("link", _("This signing link has already been used. Each link "
                                   "signs once; ask the recorder for a new one."))


def complete(link: SigningLink, *, name: str, drawing: str | None, device: str = "") -> object:
    """Check the drawing, let the feature check the name and record, then use the link up."""
    name = " ".join((name or "").split())
    if not name:
        raise FieldError("name", _("Enter your name."))
    png = drawn_png(drawing)
    use_up(link)
    return HANDLERS[link.purpose].complete(link, name=name, png=png, device=device[:200])


def same_name(given: str, registered: str) -> bool:
    """Names compare without spaces and case (全角 spaces included)."""
    def norm(text: str) -> str:
        return "".join(text.split()).casefold()
    return norm(given) == norm(registered)


def image(image_id: int) -> SignatureImage:
    """A stored signature image, or NotFound."""
    row = db.session.get(SignatureImage, image_id)
    if row is None:
        raise NotFound()
    return row
