"""Simultaneous signatures (SQLite and PostgreSQL): a link is used exactly once, and two last
signatures at the same moment lock the record exactly once."""

from __future__ import annotations

import threading

import pytest
from flask_login import login_user
from sqlalchemy import func, select

from survey_app.auth.models import User
from survey_app.errors import FieldError
from survey_app.extensions import db
from survey_app.inspections import checklist, services, signing
from survey_app.inspections.models import Inspection, ItemScore, Signoff
from survey_app.signing import services as links
from survey_app.signing.models import SigningLink
from tests.fixtures.signing import data_url, png_drawing

pytestmark = pytest.mark.usefixtures("real_commits")


@pytest.fixture
def scored(app, inspection, users, checklist_version):
    """The committee (account) and a grid worker (link), every item scored, committed."""
    with app.test_request_context():
        login_user(users["committee"])
        services.add_participant(inspection, name="李主任", organisation="committee",
                                 user_id=users["committee"].id)
        services.add_participant(inspection, name="王网格员", organisation="community")
        for ci in checklist.items_by_id(checklist_version.parsed).values():
            db.session.add(ItemScore(inspection_id=inspection.id, revision=1, item_id=ci.id,
                                     dimension=ci.dimension, max_points=ci.max_points,
                                     pass_line=ci.pass_line, mode="points",
                                     awarded=ci.max_points))
        db.session.commit()
    return inspection.id


def _race(app, acts) -> list[str]:
    """Run every act at once, each in its own thread and session: 'ok', 'refused' or error."""
    barrier = threading.Barrier(len(acts), timeout=30)
    outcomes: list[str] = []

    def worker(act):
        with app.test_request_context():
            try:
                prepared = act(None)
                barrier.wait()
                act(prepared)
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

    threads = [threading.Thread(target=worker, args=(act,)) for act in acts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(outcomes)


def _link_act(link_id: int):
    def act(prepared):
        if prepared is None:
            return db.session.get(SigningLink, link_id)
        links.complete(prepared, name="王网格员", drawing=data_url(png_drawing()))
        return None
    return act


def _issue(app, inspection_id, participant_id) -> int:
    with app.test_request_context():
        link, _token = links.issue(signing.PURPOSE, participant_id)
        db.session.commit()
        return link.id


def _people(inspection_id):
    db.session.expire_all()
    return {p.name: p.id for p in db.session.get(Inspection, inspection_id).participants}


def test_a_link_submitted_four_times_at_once_signs_once(app, scored):
    link_id = _issue(app, scored, _people(scored)["王网格员"])
    outcomes = _race(app, [_link_act(link_id)] * 4)
    assert outcomes == ["ok", "refused", "refused", "refused"], outcomes
    assert db.session.scalar(select(func.count(Signoff.id))) == 1


def test_the_last_two_signatures_at_once_lock_exactly_once(app, scored):
    people = _people(scored)
    link_id = _issue(app, scored, people["王网格员"])

    def account(prepared):
        if prepared is None:
            return db.session.get(Inspection, scored), db.session.scalar(
                select(User).filter_by(username="committee"))
        signing.sign_as_account(prepared[0], people["李主任"], prepared[1])
        return None

    assert _race(app, [_link_act(link_id), account]) == ["ok", "ok"]
    db.session.expire_all()
    inspection = db.session.get(Inspection, scored)
    assert inspection.status == "signed" and inspection.signed_revision == 1
    assert db.session.scalar(select(func.count(Signoff.id))) == 2
