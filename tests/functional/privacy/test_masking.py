"""Issue 19 item 4: an owner's phone (and name) is masked on every page where it appears,
except for the account holding an open ticket at its current step (feedback/assignment.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.feedback import services
from survey_app.notifications.models import EscalationStep
from tests.fixtures.factories import PASSWORD, login

PHONE, MASKED, NAME = "13700009999", "137****9999", "王阿姨"


@pytest.fixture
def people(community, users):
    """A 工程部 worker named in the escalation chain, and a desk clerk who dispatches."""
    worker = create_user("worker1", PASSWORD, "staff", [community.id])
    clerk = create_user("clerk1", PASSWORD, "staff", [community.id])
    db.session.add(EscalationStep(community_id=community.id, level="worker", user_id=worker.id,
                                  department="工程部"))
    db.session.commit()
    return {"worker": worker, "clerk": clerk}


@pytest.fixture
def ticket(community):
    made = services.register_ticket(
        community.id, channel="owner_web", ticket_type="repair", description="楼道灯坏了好几天",
        category="照明", received_at=datetime(2026, 11, 2, 2, 0), contact_name=NAME,
        contact_phone=PHONE)
    db.session.commit()
    return made


def _as(client, username):
    client.post("/logout")
    assert login(client, username).status_code == 302
    return client


def _page(client, community, ticket):
    response = client.get(f"/feedback/{community.id}/tickets/{ticket.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _dispatch(ticket, by, department="工程部"):
    services.classify(ticket, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", user=by)
    services.dispatch(ticket, department=department, worker="李师傅", user=by)
    db.session.commit()


def test_the_service_centre_holds_a_new_ticket(client, community, people, ticket):
    for name in ("clerk1", "worker1", "staff"):
        text = _page(_as(client, name), community, ticket)
        assert PHONE in text and f"tel:{PHONE}" in text and NAME in text, name


def test_once_dispatched_only_the_department_and_the_dispatcher_see_the_phone(
        client, community, people, ticket):
    _dispatch(ticket, by=people["clerk"])
    for name in ("worker1", "clerk1"):
        assert PHONE in _page(_as(client, name), community, ticket), name
    for name in ("staff", "admin"):
        text = _page(_as(client, name), community, ticket)
        assert PHONE not in text and NAME not in text and MASKED in text, name
        assert "王*" in text


def test_a_department_without_accounts_leaves_the_ticket_with_the_service_centre(
        client, community, people, ticket):
    _dispatch(ticket, by=people["clerk"], department="保洁部")
    assert PHONE in _page(_as(client, "staff"), community, ticket)


def test_the_callback_is_the_service_centres_and_a_closed_ticket_is_masked_for_all(
        client, community, people, ticket):
    _dispatch(ticket, by=people["clerk"])
    services.complete(ticket, note="已修好", user=people["worker"])
    db.session.commit()
    assert PHONE in _page(_as(client, "staff"), community, ticket)
    services.close(ticket, note="回访满意")
    db.session.commit()
    for name in ("worker1", "clerk1", "staff", "admin"):
        text = _page(_as(client, name), community, ticket)
        assert PHONE not in text and MASKED in text, name


def test_an_inactive_department_account_does_not_hold_the_ticket(client, community, people,
                                                                  ticket):
    people["worker"].active = False
    db.session.commit()
    _dispatch(ticket, by=people["clerk"])
    # the department has no active account left: the service centre keeps the ticket
    assert PHONE in _page(_as(client, "staff"), community, ticket)


@pytest.mark.parametrize("role", ["staff", "committee", "admin"])
def test_no_other_page_shows_the_full_phone(client, community, people, ticket, role):
    _dispatch(ticket, by=people["clerk"])
    ticket_id, c = ticket.id, community.id
    pages = [f"/feedback/{c}/tickets", f"/feedback/{c}/records",
             f"/feedback/{c}/records/{ticket_id}", f"/feedback/{c}/stats",
             f"/feedback/{community.code}/notice", f"/feedback/track/{ticket.tracking_code}",
             f"/feedback/{community.code}/commitments"]
    _as(client, role)
    for url in pages:
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert PHONE not in body and NAME not in body, (role, url, response.status_code)


def test_the_public_tracking_page_names_neither_phone_nor_owner(client, community, ticket):
    client.post("/logout")
    body = client.get(f"/feedback/track/{ticket.tracking_code}").get_data(as_text=True)
    assert PHONE not in body and MASKED not in body and NAME not in body
