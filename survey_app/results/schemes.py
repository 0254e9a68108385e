"""Scheme versions: publishing scheme files, the per-community active scheme, labels."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..i18n import text_for
from ..models_base import utcnow
from ..stats import DEFAULT_SCHEME, Scheme, SchemeError
from .models import CommunityScheme, SchemeVersion

DEFAULT_KEY = "default"


class SchemeFileError(ValueError):
    """A scheme file that cannot be read or is invalid; the message names the file."""


def canonical(definition: dict) -> str:
    """Canonical JSON of a scheme definition: what is stored and hashed."""
    return json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_of(definition: dict) -> str:
    """sha256 of the canonical JSON."""
    return hashlib.sha256(canonical(definition).encode("utf-8")).hexdigest()


def label_text(label: dict | None, fallback: str = "") -> str:
    """A scheme/dimension label in the current language (i18n.text_for), else `fallback`."""
    return text_for(label) or fallback


def scheme_of(version: SchemeVersion) -> Scheme:
    """The stats Scheme of a stored version."""
    return Scheme.from_dict(version.definition)


def scheme_files(directory: str | Path | None = None) -> list[Path]:
    """The scheme files under questionnaires/schemes/."""
    root = Path(directory or Path(current_app.config["QUESTIONNAIRES_DIR"]) / "schemes")
    return sorted(p for p in root.glob("*.yaml") if p.is_file())


def load_scheme_file(path: Path) -> Scheme:
    """Parse and validate one scheme file; SchemeFileError names the file and the path in it."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemeFileError(f"{Path(path).name}: {exc}") from None
    try:
        return Scheme.from_dict(data)
    except SchemeError as exc:
        raise SchemeFileError(f"{Path(path).name}: {exc}") from None


def versions(key: str | None = None) -> list[SchemeVersion]:
    """Stored scheme versions, by key and newest revision first."""
    query = select(SchemeVersion).order_by(SchemeVersion.key, SchemeVersion.revision.desc())
    if key:
        query = query.where(SchemeVersion.key == key)
    return list(db.session.scalars(query))


def latest(key: str) -> SchemeVersion | None:
    """The newest revision of a scheme key."""
    return db.session.scalar(select(SchemeVersion).where(SchemeVersion.key == key)
                             .order_by(SchemeVersion.revision.desc()).limit(1))


def store(scheme: Scheme, *, weight_method: str = "file", method_details: dict | None = None,
          note: str = "", user=None) -> tuple[SchemeVersion, bool]:
    """``user`` stores a scheme as the next revision of its key (identical content: once)."""
    definition = scheme.to_dict()
    sha = sha256_of(definition)
    same = db.session.scalar(select(SchemeVersion).filter_by(key=scheme.key, sha256=sha)
                             .order_by(SchemeVersion.revision.desc()).limit(1))
    if same is not None and same.method_details == (method_details or {}):
        return same, False
    revision = (db.session.scalar(select(func.max(SchemeVersion.revision))
                                  .where(SchemeVersion.key == scheme.key)) or 0) + 1
    version = SchemeVersion(
        key=scheme.key, revision=revision, version=scheme.version,
        label=label_text(scheme.label, scheme.key)[:200], definition=definition, sha256=sha,
        weight_method=weight_method, method_details=method_details or {}, note=note[:255],
        created_by_id=getattr(user, "id", None))
    db.session.add(version)
    db.session.flush()
    audit.record("scheme.store", version, community_id=None, key=scheme.key,
                 revision=revision, sha256=sha, method=weight_method)
    return version, True


def publish_files(paths: list[Path] | None = None, user=None
                  ) -> list[tuple[SchemeVersion, bool]]:
    """Store every scheme file (all valid, or none: the first bad file raises SchemeFileError)."""
    schemes = [load_scheme_file(p) for p in (paths or scheme_files())]
    return [store(s, user=user) for s in schemes]


def ensure_default() -> SchemeVersion:
    """The newest 'default' scheme version, published from its file (or built in) if absent."""
    version = latest(DEFAULT_KEY)
    if version is not None:
        return version
    path = Path(current_app.config["QUESTIONNAIRES_DIR"]) / "schemes" / "default.yaml"
    scheme = load_scheme_file(path) if path.exists() else DEFAULT_SCHEME
    try:
        with db.session.begin_nested():
            return store(scheme)[0]
    except IntegrityError:
        # the first two requests of a new installation at once: the other one stored
        # revision 1 a moment earlier (unique key, revision); use it instead of a 500
        stored = latest(DEFAULT_KEY)
        if stored is None:
            raise
        return stored


def active_version(community_id: int) -> SchemeVersion:
    """The scheme version a community's results use (the default scheme unless staff chose)."""
    chosen = db.session.get(CommunityScheme, community_id)
    return chosen.scheme_version if chosen is not None else ensure_default()


def get_version(version_id: int) -> SchemeVersion | None:
    """A stored scheme version by id."""
    return db.session.get(SchemeVersion, version_id)


def set_active(community_id: int, version: SchemeVersion, user=None) -> CommunityScheme:
    """``user`` makes a version the one a community's results use (old results keep theirs)."""
    chosen = db.session.get(CommunityScheme, community_id)
    old = chosen.scheme_version_id if chosen is not None else None
    if chosen is None:
        chosen = CommunityScheme(community_id=community_id, scheme_version_id=version.id)
        db.session.add(chosen)
    chosen.scheme_version_id = version.id
    chosen.scheme_version = version
    chosen.set_by_id = getattr(user, "id", None)
    chosen.set_at = utcnow()
    db.session.flush()
    audit.record("scheme.activate", version, community_id=community_id, old=old,
                 new=version.id)
    return chosen
