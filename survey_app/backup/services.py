"""flask backup create / restore: the archive, its manifest, and the checks before a restore.

A restore checks everything first (the archive reads to its end, every file has the sha256
the manifest gives, nothing is missing or extra, the engine and schema revision match this
installation) and only then replaces the database and the folders. A refused restore
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app

from ..features import MIGRATIONS_DIR
from ..ledger import services as ledger
from ..models_base import utcnow
from .database import BackupError, dump, engine_name, load, row_counts, schema_revision

FORMAT = 1
MANIFEST = "manifest.json"
#: archive folder -> config key of the folder it holds
FOLDERS = {"uploads": "UPLOAD_DIR", "reports": "REPORTS_DIR"}


@dataclass(frozen=True)
class Restored:
    manifest: dict
    counts: dict
    ledger_ok: bool


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_revision() -> str:
    """The schema revision this code expects (the migrations' single head)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


def _ledger_state() -> dict:
    verdict = ledger.verify_chain()
    latest = ledger.entries(limit=1)
    return {"entries": verdict.count, "ok": verdict.ok,
            "head": latest[0].entry_hash if latest else None}


def _stage(staging: Path) -> dict[str, dict]:
    """Copy the database and the folders into ``staging``; their checksums."""
    database = staging / ("database.sqlite3" if engine_name() == "sqlite" else "database.pgdump")
    dump(database)
    for name, key in FOLDERS.items():
        source = Path(current_app.config[key])
        if source.is_dir():
            shutil.copytree(source, staging / name)
    return {str(p.relative_to(staging)): {"sha256": sha256_of(p), "size": p.stat().st_size}
            for p in sorted(staging.rglob("*")) if p.is_file()}


def create(out_dir: Path) -> Path:
    """Write a backup archive into ``out_dir``; its path."""
    revision = schema_revision()
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    archive = out_dir / f"survey_app-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        files = _stage(staging)
        manifest = {"format": FORMAT, "created_at": utcnow().isoformat() + "Z",
                    "engine": engine_name(), "schema_revision": revision, "files": files,
                    "row_counts": row_counts(), "ledger": _ledger_state()}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in sorted(staging.iterdir()):
                tar.add(path, arcname=path.name)
        partial.rename(archive)
    return archive


def _extract(archive: Path, into: Path) -> dict:
    """Unpack the whole archive (a truncated one fails here) and read its manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(f"{archive} cannot be read to its end (truncated or not a backup "
                          f"archive): {exc}") from exc
    try:
        return json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive} has no readable {MANIFEST}") from exc


def _check_files(manifest: dict, root: Path) -> None:
    listed = manifest.get("files") or {}
    present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(listed):
        odd = sorted(present ^ set(listed))[:5]
        raise BackupError(f"the archive does not hold exactly the files of its manifest "
                          f"(missing or extra: {', '.join(odd)}); refusing to restore")
    for name, facts in sorted(listed.items()):
        if sha256_of(root / name) != facts.get("sha256"):
            raise BackupError(f"{name} does not have the sha256 its manifest gives: the "
                              "archive was altered or damaged; refusing to restore")


def check(manifest: dict, root: Path) -> None:
    """Every check before a restore; BackupError names the first that fails."""
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    _check_files(manifest, root)
    if manifest.get("engine") != engine_name():
        raise BackupError(f"the archive holds a {manifest.get('engine')} database, this "
                          f"installation uses {engine_name()}; refusing to restore")
    expected = code_revision()
    if manifest.get("schema_revision") != expected:
        raise BackupError(
            f"the archive has schema revision {manifest.get('schema_revision')!r}, this version "
            f"of survey_app expects {expected!r}: restore it with the version that made it, "
            "then upgrade; nothing was changed")


def _replace_folders(root: Path) -> None:
    for name, key in FOLDERS.items():
        target = Path(current_app.config[key])
        if target.exists():
            shutil.rmtree(target)
        if (root / name).is_dir():
            shutil.copytree(root / name, target)
        else:
            target.mkdir(parents=True, exist_ok=True)


def restore(archive: Path) -> Restored:
    """Check the archive, then replace the database and the folders with its contents."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = _extract(archive, root)
        check(manifest, root)
        database = next(root.glob("database.*"))
        load(database)
        _replace_folders(root)
    counts = row_counts()
    return Restored(manifest, counts, ledger.verify_chain().ok)
