"""Owners who opted in on the repair form are told of each handling step by SMS (issue 17
item 4): the message is queued with an idempotency key, sent through the Aliyun adapter to
the local fake provider, carries the unsubscribe link, is never sent twice, and stops once
the owner unsubscribes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from survey_app.feedback import services as tickets
from survey_app.feedback.models import Ticket
from survey_app.models_base import utcnow
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery
from tests.fixtures.fake_providers import fake_aliyun, sms_enabled  # noqa: F401,F811

PHONE = "13812345678"
NOON = datetime(2026, 12, 7, 4, 0)


def _ticket_with_contact(community, subscribed=True) -> Ticket:
    ticket = tickets.register_ticket(community.id, channel="owner_web", user=None,
                                     ticket_type="repair", description="楼道灯坏了三天",
                                     building_id=None, location="3号楼2单元")
    contact = OwnerContact(community_id=community.id, phone=PHONE, purposes="ticket_progress",
                           consent_version="test", consented_at=NOON, verified_at=NOON,
                           ticket_id=ticket.id, unsubscribe_token="tok-" + ticket.tracking_code)
    if not subscribed:
        contact.unsubscribed_at = NOON
    db.session.add(contact)
    db.session.commit()
    return ticket


def _owner_deliveries() -> list[Delivery]:
    return list(db.session.scalars(select(Delivery).filter_by(channel="owner_sms")))


def test_each_step_reaches_the_owner_once_with_unsubscribe(community, sms_enabled):  # noqa: F811
    ticket = _ticket_with_contact(community)
    from survey_app.notifications import hooks

    hooks.ticket_event(ticket, "acknowledged")
    hooks.ticket_event(ticket, "acknowledged")  # a repeated event queues nothing new
    db.session.commit()
    [delivery] = [d for d in _owner_deliveries() if d.kind == "ticket.acknowledged"]
    assert PHONE not in delivery.address  # the log shows the contact, not the number
    # queued now, or at the end of tonight's quiet hours: due within a day either way
    later = utcnow() + timedelta(days=1)
    deliver_due(later)
    deliver_due(later)
    sent = [r for r in sms_enabled.received if r["PhoneNumbers"] == PHONE]
    assert len(sent) == 1
    assert ticket.tracking_code in sent[0]["values"]["content"]
    assert "/u/" in sent[0]["values"]["unsubscribe"]
    assert db.session.get(Delivery, delivery.id).state == "sent"


def test_nothing_for_an_owner_who_unsubscribed(community, sms_enabled):  # noqa: F811
    ticket = _ticket_with_contact(community, subscribed=False)
    from survey_app.notifications import hooks

    hooks.ticket_event(ticket, "dispatched")
    db.session.commit()
    assert _owner_deliveries() == []


def test_without_sms_nothing_is_queued(community):
    ticket = _ticket_with_contact(community)
    from survey_app.notifications import hooks

    hooks.ticket_event(ticket, "completed")
    db.session.commit()
    assert _owner_deliveries() == []
