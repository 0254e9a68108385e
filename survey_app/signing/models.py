"""One-time signing links (token stored hashed) and drawn signature images (PNG)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import freeze, utcnow


class SigningLink(db.Model):
    """A link a participant without an account opens on their own phone to sign once."""

    __tablename__ = "signing_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: which feature's handler completes the signature, and the thing signed for
    purpose: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[int] = mapped_column(nullable=False, index=True)
    #: SHA-256 of the random token: the database alone cannot open a link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class SignatureImage(db.Model):
    """A handwritten signature drawn on the signer's phone, kept as a checked PNG."""

    __tablename__ = "signature_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    width: Mapped[int] = mapped_column(nullable=False)
    height: Mapped[int] = mapped_column(nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


# a signature is evidence: stored once, never changed
freeze(SignatureImage)
