"""The task queue (Huey): embedded SQLite storage by default, Redis at scale, the same tasks.

``SURVEY_APP_QUEUE_URL`` chooses the storage (see docs/operations.md, "Background jobs"):
unset, the queue is a SQLite file next to the app's SQLite database (or in the instance
folder); ``sqlite:////path/jobs.db`` names the file; ``redis://host:port/db`` puts it on a
Redis server shared by workers on other machines; ``immediate`` runs every task at once in
the enqueuing process (memory only: tests and one-off commands).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click
from huey import Huey, MemoryHuey, crontab
from huey.storage import RedisStorage, SqliteStorage

from ..config import ConfigError

__all__ = ["crontab", "huey", "configure", "activate", "task", "periodic_task", "app_for_tasks"]

class QueueUnavailable(ConfigError, click.ClickException):
    """The configured Redis does not answer: ``flask`` commands print it as one line."""

    def __init__(self, message: str):
        ConfigError.__init__(self, message)
        click.ClickException.__init__(self, message)


class AppHuey(MemoryHuey):
    """Huey that queues on the storage of the app enqueuing (tests run several apps)."""

    def enqueue(self, task):
        from flask import current_app, has_app_context

        if has_app_context() and "jobs" in current_app.extensions:
            activate(current_app._get_current_object())
        return super().enqueue(task)


#: one Huey for the process; ``configure`` points it at the storage the app's settings name
huey: Huey = AppHuey("survey_app", results=False)
_state: dict = {"app": None}


def storage_for(url: str, app) -> tuple[object | None, str]:
    """The Huey storage a queue URL names and a short description (None: immediate mode)."""
    url = (url or "").strip()
    if url == "immediate":
        return None, "immediate"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage("survey_app", url=url), "redis"
    if url.startswith("sqlite:///"):
        return SqliteStorage("survey_app", filename=url[len("sqlite:///"):]), "sqlite"
    if url:
        raise ConfigError(f"SURVEY_APP_QUEUE_URL must be redis://…, sqlite:///… or "
                          f"'immediate', not {url!r}.")
    return SqliteStorage("survey_app", filename=str(default_queue_file(app))), "sqlite"


def default_queue_file(app) -> Path:
    """The embedded queue's file: beside the SQLite database, else in the instance folder."""
    database = app.config.get("SQLALCHEMY_DATABASE_URI", "")
    if database.startswith("sqlite:///") and ":memory:" not in database:
        path = Path(database[len("sqlite:///"):])
        return path.with_name(path.stem + "-jobs.db")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return Path(app.instance_path) / "jobs.db"


def check_redis(storage, url: str) -> None:
    """Refuse to start on a Redis that does not answer, saying where (scaled mode only)."""
    try:
        storage.conn.ping()
    except Exception as exc:  # noqa: BLE001  (any connection failure means the same here)
        raise QueueUnavailable(f"The job queue's Redis at {redact(url)} is unreachable ({exc}); "
                          "start it or correct SURVEY_APP_QUEUE_URL.") from None


def check_environment(environ=None) -> None:
    """Exit with one clear line when SURVEY_APP_QUEUE_URL names a Redis that does not answer
    (gunicorn's master calls it before starting workers)."""
    url = (environ or os.environ).get("SURVEY_APP_QUEUE_URL", "")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return  # the embedded queue needs no server
    try:
        check_redis(RedisStorage("survey_app", url=url), url)
    except QueueUnavailable as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)


def redact(url: str) -> str:
    """A Redis URL without its password, for messages."""
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


def configure(app) -> None:
    """Choose the storage the app's settings name (checking a Redis answers); tasks run here."""
    url = str(app.config.get("QUEUE_URL") or "")
    storage, kind = storage_for(url, app)
    if kind == "redis":
        check_redis(storage, url)
    app.extensions["jobs"] = (storage, kind)
    app.config["QUEUE_KIND"] = kind
    _state["app"] = app
    activate(app)


def activate(app) -> None:
    """Point the process's one Huey at the app's storage (a process serves one app; tests
    build several apps, so enqueueing re-points it at the enqueuing app's)."""
    storage, kind = app.extensions["jobs"]
    if kind == "immediate":
        huey.immediate = True
        return
    huey.immediate = False
    if huey.storage is not storage:
        huey.storage = storage


def app_for_tasks():
    """The app tasks run in: the configured one, else one made once for this process."""
    if _state["app"] is None:
        from .. import create_app

        create_app()  # configures the queue, which records the app
    return _state["app"]


def _in_app_context(fn):
    """Run ``fn`` in a fresh app context (its own database session) of the worker's app."""
    from flask import current_app, g, has_app_context

    @functools.wraps(fn)
    def inner(*args, **kwargs):
        # immediate mode runs inside a request's commit: a session of its own, same app
        app = current_app._get_current_object() if has_app_context() else app_for_tasks()
        with app.app_context():
            # a task is one unit of work like a request: data it loads twice is loaded once
            # (survey_app.results.data keeps its memo in ``g`` while this flag is set)
            g.memoize_loads = True
            return fn(*args, **kwargs)

    return inner


def task(name: str | None = None, **options):
    """Declare a background task (Huey's ``task``); it runs inside the app."""
    def decorate(fn):
        return huey.task(name=name or f"{fn.__module__}.{fn.__name__}",
                         **options)(_in_app_context(fn))

    return decorate


def periodic_task(schedule, **options):
    """Declare a periodic task (Huey's ``periodic_task``, e.g. ``crontab(minute="*")``)."""
    def decorate(fn):
        return huey.periodic_task(schedule, name=f"{fn.__module__}.{fn.__name__}",
                                  **options)(_in_app_context(fn))

    return decorate
