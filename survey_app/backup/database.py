"""Copying the database in and out: SQLite through its online backup API, PostgreSQL through
pg_dump / pg_restore (from PATH, or BACKUP_PG_BIN)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from ..extensions import db


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why (nothing was changed)."""


def engine_name() -> str:
    """"sqlite" or "postgresql"."""
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()


def schema_revision() -> str:
    """The database's Alembic revision (the backup refuses a database never migrated)."""
    try:
        with db.engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # no table: created without migrations
        raise BackupError("the database has no schema revision (alembic_version); run "
                          "`flask db upgrade` first") from exc


def row_counts() -> dict[str, int]:
    """Rows in every table of the models (compared after a restore)."""
    with db.engine.connect() as connection:
        return {table.name: connection.execute(select(func.count()).select_from(table)).scalar()
                for table in db.metadata.sorted_tables}


def _sqlite_path() -> Path:
    return Path(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database)


def _pg_tool(name: str) -> str:
    folder = current_app.config.get("BACKUP_PG_BIN") or ""
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise BackupError(f"{name} was not found (install the PostgreSQL client or set "
                          "SURVEY_APP_BACKUP_PG_BIN to its bin folder)")
    return tool


def _pg_args() -> tuple[list[str], dict]:
    """Connection options and environment (the password goes in PGPASSWORD, not argv)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    args = ["-h", url.host or "localhost", "-p", str(url.port or 5432),
            "-U", url.username or "postgres", "-d", url.database]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-800:]}")


def dump(target: Path) -> None:
    """Write a consistent copy of the live database to ``target``."""
    if engine_name() == "sqlite":
        db.engine.dispose()
        with sqlite3.connect(_sqlite_path()) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return
    args, env = _pg_args()
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
         env)


def load(source: Path) -> None:
    """Replace the live database's contents with the copy at ``source``."""
    db.session.remove()
    db.engine.dispose()
    if engine_name() == "sqlite":
        with sqlite3.connect(source) as copy, sqlite3.connect(_sqlite_path()) as live:
            copy.backup(live)
        return
    args, env = _pg_args()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", *args, str(source)], env)
