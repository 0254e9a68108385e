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
