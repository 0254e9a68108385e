"""Faults outside the user's control -> a calm 503 page that keeps what they typed.

A database that stays locked (SQLite busy for longer than its busy timeout), a database
server that cannot be reached, a folder that cannot be written (uploads, reports): the
request is rolled back, so nothing is saved half-way, and the user gets "please try again
in a moment" with a button that sends the same form again (files must be chosen again).
"""

from __future__ import annotations

import errno
import sqlite3

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from ..extensions import db

#: errors of a folder that cannot take a file, as opposed to a bug (a missing path)
STORAGE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC,
                            errno.EDQUOT, errno.EIO})
RETRY_AFTER_SECONDS = 15


def is_storage_fault(error: BaseException) -> bool:
    """Whether an OSError means the disk refused a write (permissions, read-only, full)."""
    return isinstance(error, OSError) and error.errno in STORAGE_ERRNOS


def kept_fields() -> list[tuple[str, str]]:
    """The posted text fields to send again (never passwords; files cannot be kept)."""
    if request.method != "POST":
        return []
    return [(key, value) for key, value in request.form.items(multi=True)
            if "password" not in key.lower()]


def unavailable(message: str):
    """The 503 answer: JSON for the API, else a page with the user's input kept."""
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        response = jsonify(error="Service Unavailable", status=503, message=message)
    else:
        response = current_app.make_response(render_template(
            "errors/unavailable.html", message=message, fields=kept_fields(),
            had_files=any(f.filename for f in request.files.values()),
            action=request.full_path if request.query_string else request.path))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handle_database_fault(error: Exception):
    """A locked or unreachable database: roll back, log, ask to try again."""
    db.session.rollback()
    current_app.logger.warning("database unavailable: %s", getattr(error, "orig", None) or error)
    return unavailable(_("The service is busy right now. Nothing was saved: please try again "
                         "in a moment."))


def handle_storage_fault(error: OSError):
    """A folder that cannot be written: roll back, log, ask to try again."""
    if not is_storage_fault(error):
        raise error
    db.session.rollback()
    current_app.logger.error("storage unavailable: %s", error)
    return unavailable(_("A file could not be stored on our side. Nothing was saved: please "
                         "try again later."))


def _database_faults() -> list[type[Exception]]:
    """SQLAlchemy's OperationalError and the drivers' own (raw-cursor paths raise those)."""
    kinds: list[type[Exception]] = [OperationalError, sqlite3.OperationalError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return kinds
    return kinds + [psycopg.OperationalError]


def install(app: Flask) -> None:
    """Register the fault handlers (also under testing: they are answers, not hiding bugs)."""
    for kind in _database_faults():
        app.register_error_handler(kind, handle_database_fault)
    app.register_error_handler(OSError, handle_storage_fault)
