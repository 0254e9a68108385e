"""Simultaneous confirmations of one proposal: exactly one act, one record, one notice and
one notice PDF (SQLite and PostgreSQL; the threads use their own connections, so commits
are real)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from survey_app.acts import previews, services
from survey_app.acts.models import ActProposal
from survey_app.auth.models import User
from survey_app.communities.models import Period
from survey_app.errors import FieldError
from survey_app.extensions import db
from survey_app.ledger.models import LedgerEntry, PublishedPdf
from survey_app.publishing.models import Publication
from survey_app.results import schemes
from survey_app.results.models import PeriodRecord

THREADS = 4
pytestmark = pytest.mark.usefixtures("real_commits")


def _confirm_at_once(app, proposal_id: int, user_id: int) -> list[str]:
    """THREADS requests each load the preview, then all confirm together."""
    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes: list[str] = []

    def worker():
        with app.test_request_context():
            try:
                proposal = db.session.get(ActProposal, proposal_id)
                seen = previews.build(proposal).hash
                db.session.commit()  # the preview request ends
                barrier.wait()
                services.confirm(db.session.get(User, user_id), proposal, seen)
                db.session.commit()
                outcomes.append("ok")
            except FieldError:
                db.session.rollback()
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001  (reported by the assertion)
                db.session.rollback()
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return sorted(outcomes)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def _propose(app, period_id: int, user_id: int, kind: str, **text) -> int:
    with app.test_request_context():
        schemes.ensure_default()  # stored once beforehand, as in any running installation
        proposal = services.propose(db.session.get(User, user_id),
                                    db.session.get(Period, period_id), kind, **text)
        db.session.commit()
        return proposal.id


def test_simultaneous_confirmations_close_once_and_publish_once(app, users, quarters):
    q3, _q4 = quarters
    staff, committee = users["staff"].id, users["committee"].id
    proposal = _propose(app, q3.id, staff, "close")
    outcomes = _confirm_at_once(app, proposal, committee)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert _count(PeriodRecord) == 1

    proposal = _propose(app, q3.id, committee, "publish", note="同时确认")
    outcomes = _confirm_at_once(app, proposal, staff)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert _count(Publication) == 1
    assert db.session.get(Period, q3.id).status == "published"
    # one PDF, rendered after the winning commit (the test queue runs the job there)
    assert _count(PublishedPdf) == 1
    assert db.session.scalar(select(func.count(LedgerEntry.id)).where(
        LedgerEntry.act == "results.pdf_stored")) == 1

    proposal = _propose(app, q3.id, staff, "reopen", reason="补录问卷")
    outcomes = _confirm_at_once(app, proposal, committee)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert db.session.get(Period, q3.id).status == "open"
    assert db.session.scalar(select(func.count(PeriodRecord.id))
                             .where(PeriodRecord.superseded_at.is_(None))) == 0
