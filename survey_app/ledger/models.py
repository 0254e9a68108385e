"""The ledger of acts of record (hash chain) and the PDFs that were published."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from ..models_base import FrozenRowError, freeze, utcnow

#: prev_hash of the first entry
GENESIS = "0" * 64


class LedgerEntry(db.Model):
    """One act of record; each entry hashes the previous one, so an edit breaks the chain."""

    __tablename__ = "ledger_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 1, 2, 3 … without gaps; unique, so two appends cannot take the same place
    seq: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    act: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    subject_type: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[int | None] = mapped_column(Integer)
    #: the act's facts as canonical JSON (sorted keys, no whitespace, UTF-8), as hashed
    content: Mapped[str] = mapped_column(Text, nullable=False)
    #: unique: two entries can never follow the same one (the chain cannot fork)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    #: the acting user's id; no foreign key, so deleting an account cannot rewrite the row
    actor_id: Mapped[int | None] = mapped_column(Integer)


class PublishedPdf(db.Model):
    """The Chinese PDF report exactly as published with a publication, and its sha256."""

    __tablename__ = "published_pdf"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publication.id", ondelete="CASCADE"), unique=True)
    community_id: Mapped[int] = mapped_column(Integer, nullable=False)
    period_id: Mapped[int] = mapped_column(Integer, nullable=False)
    language: Mapped[str] = mapped_column(String(10), nullable=False, default="zh_CN")
    #: not unique: a period re-published within the same minute may give the same bytes
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    #: relative to REPORTS_DIR; named by the sha256, written once
    path: Mapped[str] = mapped_column(String(300), nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


freeze(LedgerEntry, message="ledger entries are append-only")
freeze(PublishedPdf, message="a published PDF is kept as it was published")

_UNDELETABLE = (LedgerEntry, PublishedPdf)


@event.listens_for(Session, "before_flush")
def _refuse_deletes(session, _context, _instances) -> None:
    # freeze() guards updates only; a deleted entry would break the chain just the same
    for obj in session.deleted:
        if isinstance(obj, _UNDELETABLE):
            raise FrozenRowError(f"{type(obj).__name__} rows cannot be deleted")
