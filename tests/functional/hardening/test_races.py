"""Issue 15, item 16: simultaneous state changes; exactly one request wins (SQLite and PostgreSQL).

Each thread reads the object first and then all act together (a barrier), the worst case
for a read-check-write: before the fix two of four owner ratings were accepted and two
simultaneous publications made two notices.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from survey_app.communities.models import Period
from survey_app.communities.services import change_period_status
from survey_app.errors import FieldError
from survey_app.extensions import db
from survey_app.feedback import services as tickets
from survey_app.feedback.models import Ticket, TicketEvent
from survey_app.ledger.models import PublishedPdf
from survey_app.publishing import services as publishing
from survey_app.publishing.models import Publication
from tests.fixtures.reports import results, scored  # noqa: F401

THREADS = 4
#: the threads use their own connections: they must see committed rows (emptied afterwards)
pytestmark = pytest.mark.usefixtures("real_commits")

# the threads use their own connections: they must see the test's rows, so commit for real
pytestmark = pytest.mark.usefixtures("real_commits")


def _race(app, prepare, act, refused) -> list[str]:
    """Run ``act(prepare())`` in THREADS threads at once; 'ok', 'refused' or the error."""
    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes: list[str] = []

    def worker():
        with app.test_request_context():
            try:
                thing = prepare()
                barrier.wait()
                act(thing)
                db.session.commit()
                outcomes.append("ok")
            except refused:
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
        thread.join(60)
    return sorted(outcomes)


def _completed_ticket(community) -> int:
    ticket = tickets.register_ticket(community.id, channel="owner_web", ticket_type="repair",
                                     description="门口的灯不亮了", received_at=datetime(2026, 11, 2, 9))
    db.session.commit()
    tickets.classify(ticket, ticket_type="repair", dimension="facilities", category="照明",
                     severity="normal")
    tickets.dispatch(ticket, department="工程部")
    tickets.complete(ticket, note="已修复")
    db.session.commit()
    return ticket.id


def test_one_of_four_simultaneous_owner_ratings_counts(app, community):
    ticket_id = _completed_ticket(community)
    outcomes = _race(app, lambda: db.session.get(Ticket, ticket_id),
                     lambda t: tickets.record_callback(t, rating=5, channel="owner_link"),
                     FieldError)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    kinds = db.session.scalars(select(TicketEvent.kind).filter_by(ticket_id=ticket_id)).all()
    assert kinds.count("callback") == 1 and kinds.count("closed") == 1


def test_simultaneous_completions_record_one_event(app, community):
    ticket_id = _completed_ticket(community)
    tickets.reopen(db.session.get(Ticket, ticket_id), note="还是不亮")
    db.session.commit()
    outcomes = _race(app, lambda: db.session.get(Ticket, ticket_id),
                     lambda t: tickets.complete(t, note="再次修复"), FieldError)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    kinds = db.session.scalars(select(TicketEvent.kind).filter_by(ticket_id=ticket_id)).all()
    assert kinds.count("completed") == 2  # the first completion and one of the four


def test_publishing_twice_at_once_makes_one_notice(app, scored):  # noqa: F811
    period_id = scored.id
    outcomes = _race(app, lambda: db.session.get(Period, period_id),
                     lambda p: publishing.publish(p, note="同时发布"), FieldError)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert db.session.scalar(select(func.count(Publication.id))) == 1
    assert db.session.scalar(select(func.count(PublishedPdf.id))) == 1  # queued once


def test_period_status_changes_at_once(app, period):
    period_id = period.id
    outcomes = _race(app, lambda: db.session.get(Period, period_id),
                     lambda p: change_period_status(p, "closed"), FieldError)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
