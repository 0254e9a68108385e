"""Issue 14, item 4: the hash chain. Entries chain by hash; `flask ledger verify` names the
first entry whose row was edited through SQL; the ORM refuses edits; simultaneous appends
never fork the chain (SQLite and PostgreSQL: the suite runs on both)."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
from sqlalchemy import func, select, text

from survey_app.extensions import db
from survey_app.ledger import services as ledger
from survey_app.ledger.models import GENESIS, LedgerEntry
from survey_app.models_base import FrozenRowError

THREADS = 6


def _three():
    for n, act in enumerate(("period.closed", "results.published", "period.reopened"), 1):
        ledger.record_act(act, ("period", n), {"period_id": n, "label": f"2026-Q{n}",
                                               "score": 70.5 + n, "名称": "阳光花园"}, actor=n)
    db.session.commit()


def _verify(app):
    return app.test_cli_runner().invoke(args=["ledger", "verify"])


def test_entries_chain_by_hash_of_canonical_content(app):
    _three()
    rows = db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq)).all()
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.entry_hash for r in rows[:-1]]
    first = rows[0]
    assert first.content == '{"label":"2026-Q1","period_id":1,"score":71.5,"名称":"阳光花园"}'
    body = json.dumps({"seq": 1, "act": "period.closed", "subject": {"type": "period", "id": 1},
                       "content": json.loads(first.content),
                       "created_at": first.created_at.isoformat(timespec="microseconds"),
                       "actor": 1}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.entry_hash == hashlib.sha256((GENESIS + body).encode()).hexdigest()
    result = _verify(app)
    assert result.exit_code == 0 and "OK: 3 entries" in result.output


@pytest.mark.parametrize("column, value", [
    ("content", '{"label":"2026-Q2","period_id":2,"score":99.0,"名称":"阳光花园"}'),
    ("act", "period.reopened"),
    ("actor_id", 7),
    ("subject_id", 5),
])
def test_verify_names_the_entry_edited_through_sql(app, column, value):
    _three()
    db.session.execute(text(f"UPDATE ledger_entry SET {column} = :v WHERE seq = 2"),
                       {"v": value})
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1
    assert "BROKEN at entry 2" in result.output and "edited" in result.output
    assert "1 entries before it hold" in result.output


def test_verify_catches_a_recomputed_hash_and_a_deleted_row(app):
    _three()
    # an editor who also recomputes the edited row's own hash still breaks the next link
    row = db.session.scalar(select(LedgerEntry).where(LedgerEntry.seq == 2))
    forged = ledger.entry_hash(row.prev_hash, seq=2, act=row.act,
                               subject_type=row.subject_type, subject_id=row.subject_id,
                               content={"forged": True}, created_at=row.created_at,
                               actor_id=row.actor_id)
    db.session.execute(text("UPDATE ledger_entry SET content = :c, entry_hash = :h "
                            "WHERE seq = 2"), {"c": '{"forged":true}', "h": forged})
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1 and "BROKEN at entry 3" in result.output
    assert "prev_hash" in result.output

    db.session.execute(text("DELETE FROM ledger_entry WHERE seq = 2"))
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1 and "entry 2 is missing" in result.output


def test_the_orm_refuses_to_change_or_delete_an_entry(app):
    _three()
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.seq == 1))
    entry.content = '{"label":"changed"}'
    with pytest.raises(FrozenRowError):
        db.session.flush()
    db.session.rollback()
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.seq == 1))
    db.session.delete(entry)
    with pytest.raises(FrozenRowError):
        db.session.flush()
    db.session.rollback()
    assert _verify(app).exit_code == 0


def test_show_lists_the_latest_entries(app):
    _three()
    result = app.test_cli_runner().invoke(args=["ledger", "show", "--limit", "2"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("#3 ") and "period.reopened" in lines[0]
    assert "阳光花园" in lines[1]


def test_content_without_nan_is_required(app):
    with pytest.raises(ValueError):
        ledger.record_act("period.closed", ("period", 1), {"score": float("nan")})


@pytest.mark.usefixtures("real_commits")
def test_simultaneous_appends_never_fork_the_chain(app):
    """Each thread has its own connection and transaction; all append at once."""
    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes: list[str] = []

    def worker(n: int):
        with app.app_context():
            try:
                barrier.wait()
                ledger.record_act("results.published", ("publication", n), {"n": n})
                db.session.commit()
                outcomes.append("ok")
            except Exception as exc:  # noqa: BLE001  (reported by the assertion)
                db.session.rollback()
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    for _round in range(3):
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert outcomes == ["ok"] * THREADS * 3
    db.session.remove()
    count = db.session.scalar(select(func.count(LedgerEntry.id)))
    seqs = db.session.scalars(select(LedgerEntry.seq).order_by(LedgerEntry.seq)).all()
    assert count == THREADS * 3 and seqs == list(range(1, THREADS * 3 + 1))
    assert ledger.verify_chain().ok
