"""Issue 19 item 6: `flask backup create` / `restore`, round trip into a fresh database on
SQLite and PostgreSQL; truncated, altered and mismatched archives are refused unchanged."""

from __future__ import annotations

import io
import json
import os
import tarfile
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from survey_app import create_app
from survey_app.auth.services import create_user
from survey_app.backup import database, services
from survey_app.extensions import db
from survey_app.features import MIGRATIONS_DIR
from survey_app.ledger import services as ledger
from tests.fixtures.factories import PASSWORD, make_community, make_period


def _close():
    """Hand back the session's connection, then close the pool (no connection outlives it)."""
    db.session.remove()
    db.engine.dispose()


def _sqlite(tmp_path: Path, name: str) -> str:
    return "sqlite:///" + str(tmp_path / f"{name}.db")


@pytest.fixture
def pg_databases():
    """Two empty PostgreSQL databases (source, target), dropped afterwards."""
    admin_url = os.environ.get("SURVEY_APP_TEST_PG_ADMIN_URL")
    if not admin_url:
        pytest.skip("PostgreSQL is not configured (scripts/test.sh starts one)")
    engine = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT")
    names = ["bk_" + uuid.uuid4().hex[:10] for _n in range(2)]
    with engine.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield [admin_url.rsplit("/", 1)[0] + "/" + name for name in names]
    with engine.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _app(url: str, root: Path):
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "k", "TESTING": True,
                       "UPLOAD_DIR": str(root / "uploads"), "REPORTS_DIR": str(root / "reports")})


def _fill(app, root: Path) -> dict:
    """Migrate, add a community, accounts, ledger entries and files; the row counts."""
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        community = make_community(buildings=2)
        make_period(community)
        user = create_user("staff", PASSWORD, "staff")
        for n in range(3):
            ledger.record_act("test.act", community, {"n": n, "名称": "阳光花园"}, actor=user)
        db.session.commit()
        (root / "uploads" / str(community.id)).mkdir(parents=True)
        (root / "uploads" / str(community.id) / "photo.jpg").write_bytes(b"\xff\xd8photo")
        (root / "reports" / "published").mkdir(parents=True)
        (root / "reports" / "published" / "abc.pdf").write_bytes(b"%PDF-1.7 report")
        counts = database.row_counts()
        _close()
        return counts


def _invoke(app, *args):
    """Run a command on this app (with_appcontext keeps an app context already pushed)."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        _close()
    return result


def _restore(app, archive: Path):
    return _invoke(app, "backup", "restore", str(archive), "--yes")


def _round_trip(tmp_path, source_url, target_url):
    source = _app(source_url, tmp_path / "a")
    counts = _fill(source, tmp_path / "a")
    result = _invoke(source, "backup", "create", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    archive = next((tmp_path / "out").glob("*.tar.gz"))
    target = _app(target_url, tmp_path / "b")
    result = _restore(target, archive)
    assert result.exit_code == 0, result.output
    assert "row counts match" in result.output and "ledger holds" in result.output
    with target.app_context():
        assert database.row_counts() == counts
        assert counts["ledger_entry"] == 3 and counts["household"] > 0
        assert ledger.verify_chain().ok and ledger.verify_chain().count == 3
        _close()
    assert (tmp_path / "b" / "reports" / "published" / "abc.pdf").read_bytes() \
        == b"%PDF-1.7 report"
    assert len(list((tmp_path / "b" / "uploads").rglob("photo.jpg"))) == 1
    with source.app_context():
        _close()
    return archive, target


def test_round_trip_on_sqlite(tmp_path):
    _round_trip(tmp_path, _sqlite(tmp_path, "source"), _sqlite(tmp_path, "fresh"))


def test_round_trip_on_postgresql(tmp_path, pg_databases):
    _round_trip(tmp_path, *pg_databases)


def _rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with one member changed by ``change(name, bytes)``."""
    with tarfile.open(archive, "r:gz") as tar, tarfile.open(out, "w:gz") as copy:
        for member in tar.getmembers():
            data = tar.extractfile(member).read() if member.isfile() else None
            if data is not None:
                data = change(member.name, data)
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    return out


def _refused(target, archive, words):
    with target.app_context():
        before = database.row_counts()
        _close()
    result = _restore(target, archive)
    assert result.exit_code == 1 and words in result.output, result.output
    with target.app_context():
        assert database.row_counts() == before  # nothing was changed
        _close()


def test_bad_archives_are_refused_and_change_nothing(tmp_path):
    archive, target = _round_trip(tmp_path, _sqlite(tmp_path, "s"), _sqlite(tmp_path, "t"))
    with target.app_context():
        db.session.execute(text("DELETE FROM household"))
        db.session.commit()
        _close()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _refused(target, truncated, "truncated")
    altered = _rewrite(archive, tmp_path / "altered.tar.gz", lambda name, data: (
        data.replace(b"report", b"rep0rt") if name.endswith("abc.pdf") else data))
    _refused(target, altered, "sha256")

    def other_revision(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "0014_ledger"
        return json.dumps(manifest).encode()

    mismatched = _rewrite(archive, tmp_path / "old.tar.gz", other_revision)
    _refused(target, mismatched, "0014_ledger")
    assert services.code_revision() in _restore(target, mismatched).output
    _refused(target, tmp_path / "missing.tar.gz", "does not exist")


def test_backup_of_a_database_without_migrations_is_refused(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", "create", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "flask db upgrade" in result.output
