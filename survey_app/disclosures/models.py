"""A disclosure (公示事项) and its revisions: prepared by the company, confirmed by the committee."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..models_base import by_user, owned_by, utcnow

STATUSES = ("draft", "pending", "published", "superseded")
STATUS_LABELS = {"draft": _l("draft"), "pending": _l("awaiting the committee's confirmation"),
                 "published": _l("on the notice board"),
                 "superseded": _l("replaced by a later revision")}


class Disclosure(db.Model):
    """One revision of a disclosure; revisions of the same matter share ``series_id``.

    A published revision never changes: a correction is a new revision, which replaces it
    on the notice board only once the committee confirms it.
    """

    __tablename__ = "disclosure"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'pending', 'published', 'superseded')",
                        name="status_known"),
        CheckConstraint("kind IN ('work_report', 'fees', 'shared_income', "
                        "'maintenance_fund', 'major_matter')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    #: the first revision's id; every revision of the matter carries it
    series_id: Mapped[int | None] = mapped_column(index=True)
    revision: Mapped[int] = mapped_column(nullable=False, default=1)
    revision_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: the time it covers, as people say it: 2026-Q4, 2026年10月, 2026年度
    covering: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    #: sha256 of title, covering and content when submitted: the committee confirms this
    content_sha256: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    prepared_by_id: Mapped[int | None] = by_user()
    prepared_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    submitted_by_id: Mapped[int | None] = by_user()
    submitted_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = by_user()
    confirmed_at: Mapped[datetime | None]
    #: why the committee sent the last submission back (cleared on the next submission)
    returned_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    returned_by_id: Mapped[int | None] = by_user()
    returned_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]

    prepared_by: Mapped[User | None] = relationship(foreign_keys=[prepared_by_id])

    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])

    @property
    def attachment_ids(self) -> list[int]:
        """Photos shown with this revision (scans of documents, receipts)."""
        return list(self.content.get("attachments", []))

    @property
    def editable(self) -> bool:
        return self.status == "draft"
