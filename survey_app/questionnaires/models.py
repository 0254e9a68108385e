"""Frozen questionnaire versions: a definition as published, never changed afterwards."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import FrozenRowError, by_user, freeze, owned_by, utcnow
from .schema import Definition

FROZEN_COLUMNS = ("key", "version", "kind", "definition", "sha256")


class QuestionnaireVersion(db.Model):
    """A published definition (JSON plus its sha256); immutable once stored."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    version: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    definition: Mapped[dict] = mapped_column(JSON, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    published_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    @cached_property
    def parsed(self) -> Definition:
        """The definition as a validated object."""
        return Definition.model_validate(self.definition)

    @property
    def label(self) -> str:
        return f"{self.title} v{self.version}"


#: raised when code changes a stored questionnaire version: its data may depend on it
FrozenVersionError = FrozenRowError
freeze(QuestionnaireVersion, FROZEN_COLUMNS,
       "questionnaire {obj.key} v{obj.version} is frozen; publish a new version")


class QuestionnaireDraft(db.Model):
    """A definition being edited: private to its community's editors until published.

    ``definition`` holds the same structure as the YAML files (it may be invalid while being
    edited); ``community_id`` is NULL for drafts of the template library and for an assessor
    organisation's sheets (``organisation_id``).
    """

    __tablename__ = "questionnaire_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int | None] = owned_by("community.id")
    #: a third-party sheet drafted by an assessor organisation (its lead edits it)
    organisation_id: Mapped[int | None] = owned_by("assessor_organisation.id")
    key: Mapped[str] = mapped_column(String(60), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    definition: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_by_id: Mapped[int | None] = by_user()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow,
                                                 nullable=False)
    #: the version this draft became; a published draft is read-only
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_version.id", ondelete="SET NULL"))

    @property
    def is_published(self) -> bool:
        return self.version_id is not None
