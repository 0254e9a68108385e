"""Publishing definitions into frozen versions."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..extensions import db
from .loader import canonical_json, definition_files, definition_sha256, load_definition
from .models import QuestionnaireVersion
from .schema import Definition


class VersionConflict(ValueError):
    """The key and version exist already with different content."""


def publish(definition: Definition, user=None) -> tuple[QuestionnaireVersion, bool]:
    """Freeze a definition; returns (version, created). Same content twice is a no-op."""
    import json

    sha = definition_sha256(definition)
    existing = db.session.scalar(
        select(QuestionnaireVersion).filter_by(key=definition.key, version=definition.version)
    )
    if existing is not None:
        if existing.sha256 != sha:
            raise VersionConflict(
                f"{definition.key} v{definition.version} is already published with different "
                "content; raise the version number to publish the change"
            )
        return existing, False
    version = QuestionnaireVersion(
        key=definition.key,
        version=definition.version,
        kind=definition.kind,
        title=definition.title["zh_CN"],
        definition=json.loads(canonical_json(definition)),
        sha256=sha,
        published_by_id=getattr(user, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    audit.record("questionnaire.publish", version, community_id=None, sha256=sha)
    return version, True


def publish_directory(directory: str | Path | None = None, user=None) -> list[QuestionnaireVersion]:
    """Publish every definition file of the questionnaires folder (raises on the first bad one)."""
    directory = directory or current_app.config["QUESTIONNAIRES_DIR"]
    return [publish(load_definition(path), user)[0] for path in definition_files(directory)]


def versions(kind: str | None = None) -> list[QuestionnaireVersion]:
    """Published versions, newest first, optionally of one kind."""
    query = select(QuestionnaireVersion).order_by(
        QuestionnaireVersion.key, QuestionnaireVersion.published_at.desc()
    )
    if kind:
        query = query.where(QuestionnaireVersion.kind == kind)
    return list(db.session.scalars(query))


def latest(kind: str) -> QuestionnaireVersion | None:
    """The most recently published version of a kind."""
    return db.session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.kind == kind)
        .order_by(QuestionnaireVersion.published_at.desc(), QuestionnaireVersion.id.desc())
        .limit(1)
    )


def in_use(kind: str, community_id: int) -> QuestionnaireVersion | None:
    """The version a community uses for a kind: the newest published from the community's
    own drafts (for a joint checklist: confirmed by both parties), else the newest that no
    community's draft produced (the shipped files), never another community's."""
    from .models import QuestionnaireDraft

    own = db.session.scalar(
        select(QuestionnaireVersion)
        .join(QuestionnaireDraft, QuestionnaireDraft.version_id == QuestionnaireVersion.id)
        .where(QuestionnaireVersion.kind == kind, QuestionnaireDraft.community_id == community_id)
        .order_by(QuestionnaireVersion.published_at.desc(), QuestionnaireVersion.id.desc())
        .limit(1))
    if own is not None:
        return own
    drafted = select(QuestionnaireDraft.version_id).where(
        QuestionnaireDraft.version_id.is_not(None), QuestionnaireDraft.community_id.is_not(None))
    return db.session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.kind == kind, QuestionnaireVersion.id.not_in(drafted))
        .order_by(QuestionnaireVersion.published_at.desc(), QuestionnaireVersion.id.desc())
        .limit(1))


def version_of_kind(version_id: int, kind: str) -> QuestionnaireVersion | None:
    """A published version if it is of this kind, else None."""
    version = db.session.get(QuestionnaireVersion, version_id)
    return version if version is not None and version.kind == kind else None
