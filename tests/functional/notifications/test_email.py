"""Email against a real local SMTP server (aiosmtpd): the message, and a server that is down."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.notifications import services
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery
from tests.fixtures.factories import login

NOON = datetime(2026, 11, 4, 4, 0)


def _queue(community, readers):
    services.notify("rectification.submitted", community=community, recipients=readers,
                    params={"item": "消防通道堆放杂物", "community": community.name},
                    link="/inspections/c/1/rectifications/7", dedupe_key="rect:7:submitted",
                    now=NOON)
    db.session.commit()


def _email(user_id):
    return db.session.scalars(select(Delivery).filter_by(channel="email", user_id=user_id)).one()


def test_email_reaches_the_smtp_server_in_chinese_utf8(community, readers, smtp_server):
    _queue(community, readers[:1])
    assert deliver_due(NOON) == 1
    [received] = smtp_server.messages
    message = received["message"]
    assert received["to"] == ["wang@example.org"]
    assert message["To"] == "wang@example.org"
    assert message["Subject"] == "请复查：消防通道堆放杂物"
    assert "notify@example.org" in message["From"]
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "测试小区" in body and "复查" in body
    assert body.rstrip().endswith("/inspections/c/1/rectifications/7")
    delivery = _email(readers[0].id)
    assert delivery.state == "sent" and delivery.provider_message_id == message["Message-ID"]
    assert deliver_due(NOON + timedelta(hours=1)) == 0  # nothing is sent twice
    assert len(smtp_server.messages) == 1


def test_smtp_down_retries_with_backoff_then_fails_visibly(community, readers, smtp_down,
                                                           client):
    _queue(community, readers[:1])
    delivery = _email(readers[0].id)
    now, waits = NOON, []
    for attempt in range(1, 6):
        assert deliver_due(now) == 1
        assert delivery.attempts == attempt
        if attempt < 5:
            waits.append(delivery.next_attempt_at - now)
            assert deliver_due(delivery.next_attempt_at - timedelta(seconds=1)) == 0
            now = delivery.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 5, 25, 125)]
    assert delivery.state == "failed" and "unreachable" in delivery.last_error
    assert deliver_due(now + timedelta(days=1)) == 0
    login(client, "staff")
    page = client.get(f"/notifications/deliveries/{community.id}").get_data(as_text=True)
    assert "delivery-failed" in page and "SMTP server unreachable" in page
    assert "消防通道" not in page  # the log shows no message text
    assert client.get("/notifications/").status_code == 200  # the app is unaffected
    assert client.get(f"/communities/{community.id}").status_code == 200
