"""notify/deliver: inbox and queued deliveries, preferences, idempotency, quiet hours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.notifications import preferences, services
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery, Notification

# 23:00 in Shanghai (UTC+8): inside the default quiet hours 22:00–08:00
NIGHT = datetime(2026, 11, 3, 15, 0)
MORNING_UTC = datetime(2026, 11, 4, 0, 0)  # 08:00 in Shanghai
NOON = datetime(2026, 11, 4, 4, 0)


def _notify(community, recipients, key="ticket:1:dispatched", now=NOON, **extra):
    made = services.notify("ticket.dispatched", community=community, recipients=recipients,
                           params={"code": "3K7M9Q", "department": "工程部"},
                           link="/feedback/1/tickets/1", dedupe_key=key, now=now, **extra)
    db.session.commit()
    return made


def _deliveries(**where):
    return list(db.session.scalars(select(Delivery).filter_by(**where).order_by(Delivery.id)))


def test_notify_writes_inbox_and_queues_email_per_recipient(community, readers):
    made = _notify(community, readers)
    assert [n.user_id for n in made] == [r.id for r in readers]
    inbox = _deliveries(channel="inbox")
    assert [d.state for d in inbox] == ["sent", "sent"]
    email = _deliveries(channel="email")
    assert [(d.address, d.state) for d in email] == [("wang@example.org", "queued"),
                                                      ("li@example.org", "queued")]
    assert "3K7M9Q" in email[0].subject and "工程部" in email[0].body
    assert email[0].next_attempt_at == NOON


def test_the_same_event_twice_notifies_nobody_twice(community, readers):
    _notify(community, readers)
    assert _notify(community, readers) == []
    assert _notify(community, readers + readers) == []
    assert db.session.scalar(select(func.count(Notification.id))) == 2
    assert db.session.scalar(select(func.count(Delivery.id))) == 4
    assert len({d.idempotency_key for d in _deliveries()}) == 4


def test_a_user_without_email_gets_the_inbox_only(community, readers):
    readers[1].email = None
    _notify(community, readers)
    assert [d.user_id for d in _deliveries(channel="email")] == [readers[0].id]


def test_preferences_switch_a_channel_off_for_a_group(community, readers):
    preferences.save(readers[0], email="wang@example.org",
                     choices={("tickets", "email"): False}, quiet_start=22 * 60,
                     quiet_end=8 * 60)
    db.session.commit()
    _notify(community, readers)
    assert [d.user_id for d in _deliveries(channel="email")] == [readers[1].id]
    assert len(_deliveries(channel="inbox")) == 2  # the inbox is always on


def test_sms_in_quiet_hours_waits_until_morning_except_emergencies(community, readers, sms):
    _notify(community, readers[:1], now=NIGHT)
    _notify(community, readers[:1], key="ticket:2:dispatched", now=NIGHT, emergency=True)
    quiet, urgent = _deliveries(channel="sms")
    assert quiet.next_attempt_at == MORNING_UTC
    assert urgent.next_attempt_at == NIGHT
    assert _deliveries(channel="email")[0].next_attempt_at == NIGHT  # email is quiet anyway
    deliver_due(NIGHT)
    assert [s[2] for s in sms.sent] == [urgent.idempotency_key]
    services.deliver(quiet.id, NIGHT)  # asked directly, still not in the night
    assert quiet.state == "queued" and quiet.attempts == 0
    deliver_due(MORNING_UTC)
    assert len(sms.sent) == 2 and quiet.state == "sent"


def test_own_quiet_hours_are_used(community, readers, sms):
    preferences.save(readers[0], email="", choices={}, quiet_start=13 * 60, quiet_end=14 * 60)
    _notify(community, readers[:1], now=datetime(2026, 11, 4, 5, 30))  # 13:30 local
    assert _deliveries(channel="sms")[0].next_attempt_at == datetime(2026, 11, 4, 6, 0)


def test_a_sent_delivery_is_never_sent_again(community, readers, sms):
    _notify(community, readers[:1])
    delivery = _deliveries(channel="sms")[0]
    for _ in range(3):
        services.deliver(delivery.id, NOON)
        db.session.commit()
    deliver_due(NOON)
    assert len(sms.sent) == 1 and delivery.state == "sent" and delivery.attempts == 1
    assert delivery.provider_message_id == "sms-1"


def test_a_channel_that_is_not_configured_is_skipped_visibly(community, readers):
    _notify(community, readers[:1])  # no SMTP host in the test configuration
    assert deliver_due(NOON) == 1
    delivery = _deliveries(channel="email")[0]
    assert delivery.state == "skipped" and delivery.last_error == "channel not configured"


def test_inactive_users_are_not_notified(community, readers):
    readers[1].active = False
    assert [n.user_id for n in _notify(community, readers)] == [readers[0].id]
