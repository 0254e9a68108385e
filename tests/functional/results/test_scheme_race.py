"""The default scheme is stored by the first request of a new installation that needs it;
two such requests at once met the unique (key, revision) and one answered 500."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.results import schemes
from survey_app.results.models import SchemeVersion


def _defaults() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(SchemeVersion.id)).where(
        SchemeVersion.key == schemes.DEFAULT_KEY))


def test_the_loser_of_the_race_uses_the_stored_default(app, monkeypatch):
    """Deterministic on both databases: the other request's row is there when this one
    inserts its own revision 1; the savepoint takes the failed insert back, nothing else."""
    with app.test_request_context():
        winner = schemes.ensure_default()
        db.session.commit()
        real_latest, calls = schemes.latest, []

        def not_yet_then_real(key):
            calls.append(key)
            return None if len(calls) == 1 else real_latest(key)

        def insert_revision_one(scheme, **_kwargs):
            db.session.add(SchemeVersion(
                key=scheme.key, revision=1, version=scheme.version, label="x",
                definition=scheme.to_dict(), sha256="0" * 64, weight_method="file"))
            db.session.flush()

        monkeypatch.setattr(schemes, "latest", not_yet_then_real)
        monkeypatch.setattr(schemes, "store", insert_revision_one)
        assert schemes.ensure_default().id == winner.id
        db.session.commit()  # the request goes on and commits: nothing half-way stays
        assert _defaults() == 1


@pytest.mark.usefixtures("real_commits")
def test_two_first_requests_at_once_store_one_default(app, is_postgres, monkeypatch):
    """Real concurrency on PostgreSQL: both requests see no default, then both store it."""
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's concurrency")
    barrier, real_latest, seen = threading.Barrier(2, timeout=30), schemes.latest, threading.local()

    def latest_then_wait(key):
        found = real_latest(key)
        if not getattr(seen, "waited", False):
            seen.waited = True
            barrier.wait()  # both have looked before either stores
        return found

    monkeypatch.setattr(schemes, "latest", latest_then_wait)
    outcomes: list = []

    def request():
        with app.test_request_context():
            try:
                outcomes.append(schemes.ensure_default().revision)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001  (reported by the assertion)
                db.session.rollback()
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes == [1, 1]
    assert _defaults() == 1
