"""Rate-limit counters in the shared Redis: every worker (here: every app) counts together."""

from __future__ import annotations

import io
import uuid

import pytest

from survey_app import create_app
from survey_app.extensions import db, limiter
from tests.fixtures.jobs import redis_url  # noqa: F401  (fixture)


def _app(database_url, tmp_path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                       "REPORTS_DIR": str(tmp_path / "r"), "VERIFY_RATE_LIMIT": "3 per minute",
                       **config})


def _check(app):
    return app.test_client().post("/verify", data={"pdf": (io.BytesIO(b"not a pdf"), "x.pdf")},
                                  content_type="multipart/form-data").status_code


@pytest.fixture
def cleanup():
    made = []
    yield made
    limiter.reset()
    limiter.enabled = False
    for app in made:
        with app.app_context():
            db.engine.dispose()


def test_limits_count_in_redis_across_workers(database_url, tmp_path, redis_url,  # noqa: F811
                                              cleanup):
    prefix = f"t{uuid.uuid4().hex[:8]}"
    first = _app(database_url, tmp_path, QUEUE_URL=redis_url, RATELIMIT_KEY_PREFIX=prefix)
    cleanup.append(first)
    assert first.config["RATELIMIT_STORAGE_URI"] == redis_url
    assert [_check(first), _check(first)] == [400, 400]
    # a second worker process starts: its counters are the same Redis keys
    second = _app(database_url, tmp_path, REDIS_URL=redis_url, QUEUE_URL="immediate",
                  RATELIMIT_KEY_PREFIX=prefix)
    cleanup.append(second)
    assert second.config["RATELIMIT_STORAGE_URI"] == redis_url
    assert [_check(second), _check(second)] == [400, 429]


def test_without_redis_limits_stay_in_memory(database_url, tmp_path, cleanup):
    app = _app(database_url, tmp_path)
    cleanup.append(app)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
