"""SMS to staff accounts (issue 17): a mobile number verified by a code on the preferences
page, the "sms" channel sending to it through the fake Aliyun server (signature checked),
quiet hours, and the page telling the truth when SMS cannot reach the account."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.audit import AuditLog
from survey_app.contacts import services as codes
from survey_app.contacts.models import PhoneCode
from survey_app.errors import FieldError
from survey_app.extensions import db
from survey_app.models_base import utcnow
from survey_app.notifications import phone, services
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery, NotificationPreference
from tests.fixtures.factories import login

PHONE = "13812345678"
MASKED = "138****5678"
# 23:00 in Shanghai (UTC+8): inside the default quiet hours 22:00–08:00
NIGHT = datetime(2026, 11, 3, 15, 0)
MORNING_UTC = datetime(2026, 11, 4, 0, 0)  # 08:00 in Shanghai
NOON = datetime(2026, 11, 4, 4, 0)


def _send(client, number=PHONE):
    return client.post("/notifications/phone", data={"sms-phone": number,
                                                     "sms-send_code": "1"})


def _verify(client, code, number=PHONE):
    return client.post("/notifications/phone", data={"sms-phone": number, "sms-code": code,
                                                     "sms-verify": "1"})


def _last_code(fake) -> str:
    return fake.received[-1]["values"]["code"]


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** 6:06d}"


def _verified(user, number=PHONE):
    user.phone, user.phone_verified_at = number, utcnow()
    db.session.commit()
    return user


def _notify(community, recipients, key="ticket:1:dispatched", now=NOON, **extra):
    services.notify("ticket.dispatched", community=community, recipients=recipients,
                    params={"code": "3K7M9Q", "department": "工程部"},
                    link="/feedback/1/tickets/1", dedupe_key=key, now=now, **extra)
    db.session.commit()


def _sms_deliveries():
    return list(db.session.scalars(select(Delivery).filter_by(channel="sms")
                                   .order_by(Delivery.id)))


# -- the preferences page tells the truth -------------------------------------------------

def test_without_sms_configured_the_column_is_unavailable_and_says_why(client, readers):
    login(client, "reader1")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "暂不能选择短信：本服务器未配置短信服务。" in page
    assert 'name="tickets:sms" checked disabled' in page
    assert 'name="tickets:email" checked>' in page  # other channels stay choosable
    assert 'name="sms-phone"' not in page  # no code can be sent: no form promising one
    response = _send(client)
    assert response.status_code == 400 and "无法发送验证码" in response.get_data(as_text=True)


def test_without_a_verified_number_sms_is_unavailable_and_a_chosen_sms_warns(
        client, readers, sms_enabled):
    login(client, "reader1")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "暂不能选择短信：您的账号尚无已验证的手机号" in page
    assert 'name="sms-phone"' in page and "尚无已验证的手机号" in page
    assert "您为部分事件选择了短信" not in page  # nothing chosen yet: nothing to warn about
    db.session.add(NotificationPreference(user_id=readers[0].id, event_group="tickets",
                                          channel="sms", enabled=True))
    db.session.commit()
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "您为部分事件选择了短信，但您的账号没有已验证的手机号" in page


def test_saving_while_sms_is_unavailable_keeps_the_stored_sms_choices(client, readers):
    db.session.add(NotificationPreference(user_id=readers[0].id, event_group="tickets",
                                          channel="sms", enabled=True))
    db.session.commit()
    login(client, "reader1")
    response = client.post("/notifications/preferences", data={
        "tickets:email": "on", "quiet_start": "22:00", "quiet_end": "08:00",
        "email": "wang@example.org"})
    assert response.status_code == 302
    rows = {(p.event_group, p.channel): p.enabled for p in db.session.scalars(
        select(NotificationPreference).filter_by(user_id=readers[0].id))}
    assert rows[("tickets", "sms")] is True and rows[("tickets", "email")] is True
    assert ("surveys", "sms") not in rows and rows[("surveys", "email")] is False
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "您为部分事件选择了短信，但本服务器未配置短信服务" in page


# -- verifying the number ------------------------------------------------------------------

def test_verify_a_number_end_to_end(client, readers, sms_enabled):
    reader = readers[0]
    login(client, "reader1")
    response = _send(client, "+86 138-1234-5678")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and MASKED in page and 'name="sms-code"' in page
    [sent] = sms_enabled.received
    assert sent["PhoneNumbers"] == PHONE and sent["TemplateCode"] == "SMS_100001"
    code = _last_code(sms_enabled)
    row = db.session.scalars(select(PhoneCode)).one()
    assert row.user_id == reader.id
    stored = " ".join(str(v) for v in (row.phone_hash, row.ip_hash, row.code_hash))
    assert PHONE not in stored and code not in stored  # hashed at rest, like the owners'
    db.session.refresh(reader)
    assert reader.phone is None  # nothing is used before the code comes back
    response = _verify(client, code)
    assert response.status_code == 302
    db.session.refresh(reader)
    assert reader.phone == PHONE and reader.phone_verified_at is not None
    audit = db.session.scalars(select(AuditLog).filter_by(action="account.phone_verified")).one()
    assert audit.details == {"phone": MASKED} and audit.object_id == reader.id
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert PHONE in page  # its owner sees it whole
    assert "暂不能选择短信" not in page and 'name="tickets:sms" checked>' in page


def test_wrong_code_names_the_field_and_counts_the_try(client, readers, sms_enabled):
    login(client, "reader1")
    _send(client)
    response = _verify(client, _wrong(_last_code(sms_enabled)))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "验证码：" in page and "验证码不对" in page
    assert db.session.scalars(select(PhoneCode)).one().attempts == 1
    db.session.refresh(readers[0])
    assert readers[0].phone is None


def test_too_many_wrong_tries_kill_the_code(client, readers, sms_enabled):
    login(client, "reader1")
    _send(client)
    right = _last_code(sms_enabled)
    for _ in range(codes.MAX_ATTEMPTS):
        assert _verify(client, _wrong(right)).status_code == 400
    response = _verify(client, right)
    assert response.status_code == 400 and "重新获取" in response.get_data(as_text=True)
    db.session.refresh(readers[0])
    assert readers[0].phone is None


def test_an_expired_code_is_refused(client, readers, sms_enabled):
    login(client, "reader1")
    _send(client)
    code = _last_code(sms_enabled)
    later = utcnow() + codes.CODE_TTL + timedelta(seconds=1)
    with pytest.raises(FieldError) as refused:
        phone.verify(readers[0], PHONE, code, now=later)
    assert refused.value.field == "code"
    db.session.rollback()
    assert readers[0].phone is None


@pytest.mark.parametrize("number", ["1381234567", "23812345678", "abc", "138123456789", ""])
def test_malformed_number_names_the_field_and_sends_nothing(client, readers, sms_enabled,
                                                             number):
    login(client, "reader1")
    response = _send(client, number)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "用于接收短信的手机号：" in page and "11 位手机号" in page
    assert not sms_enabled.received
    assert db.session.scalar(select(func.count()).select_from(PhoneCode)) == 0


def test_codes_count_per_account_and_verify_only_their_own_side(readers, sms_enabled):
    start = utcnow()
    for n in range(codes.ACCOUNT_PER_HOUR):  # different numbers dodge the per-number limit
        phone.request_code(readers[0], f"1390000000{n}", "10.0.0.1", now=start)
    with pytest.raises(FieldError, match="本账号") as refused:
        phone.request_code(readers[0], "13700000000", "10.0.0.1", now=start)
    assert refused.value.field == "phone"
    phone.request_code(readers[1], "13700000000", "10.0.0.1", now=start)  # another account
    db.session.commit()
    # an owner's code verifies no account, and an account's code no owner opt-in
    codes.send_code("13600000000", "10.0.0.2")
    owner_code = _last_code(sms_enabled)
    with pytest.raises(FieldError, match="过期"):
        phone.verify(readers[0], "13600000000", owner_code)
    staff_code = sms_enabled.received[-2]["values"]["code"]  # readers[1]'s, for 137…
    with pytest.raises(FieldError, match="过期"):
        codes.verify_code("13700000000", staff_code, utcnow())
    with pytest.raises(FieldError, match="过期"):
        phone.verify(readers[0], "13700000000", staff_code)


def test_a_new_number_replaces_the_old_one_only_once_verified(client, readers, sms_enabled):
    reader = _verified(readers[0])
    login(client, "reader1")
    assert _send(client, PHONE).status_code == 400  # the same number needs no new code
    _send(client, "13987654321")
    db.session.refresh(reader)
    assert reader.phone == PHONE  # still the verified one
    assert _verify(client, _last_code(sms_enabled), "13987654321").status_code == 302
    db.session.refresh(reader)
    assert reader.phone == "13987654321"
    audit = db.session.scalars(select(AuditLog).filter_by(action="account.phone_verified")).one()
    assert audit.details == {"phone": "139****4321", "replaced": MASKED}


def test_removing_the_number_stops_sms_and_skips_what_waits(client, community, readers,
                                                            sms_enabled):
    reader = _verified(readers[0])
    _notify(community, [reader], now=NIGHT)  # held until the morning
    [waiting] = _sms_deliveries()
    assert waiting.state == "queued" and waiting.address == PHONE
    login(client, "reader1")
    assert client.post("/notifications/phone/remove").status_code == 302
    db.session.refresh(reader)
    db.session.refresh(waiting)
    assert reader.phone is None and reader.phone_verified_at is None
    assert waiting.state == "skipped" and waiting.last_error == "number removed before sending"
    audit = db.session.scalars(select(AuditLog).filter_by(action="account.phone_removed")).one()
    assert audit.details == {"phone": MASKED}
    deliver_due(MORNING_UTC)
    assert not sms_enabled.received
    _notify(community, [reader], key="ticket:2:dispatched")
    assert len(_sms_deliveries()) == 1  # no address, no new SMS


# -- delivering ----------------------------------------------------------------------------

def test_a_verified_account_gets_the_event_by_sms_through_aliyun(community, readers,
                                                                 sms_enabled):
    reader = _verified(readers[0])
    _notify(community, readers)
    [delivery] = _sms_deliveries()  # readers[1] has no number: no SMS for them
    assert (delivery.user_id, delivery.address) == (reader.id, PHONE)
    assert deliver_due(NOON) >= 1
    [got] = sms_enabled.received  # only a request whose signature matched is received
    assert not sms_enabled.rejected
    assert got["PhoneNumbers"] == PHONE and got["TemplateCode"] == "SMS_100002"
    assert got["OutId"] == delivery.idempotency_key
    assert "3K7M9Q" in got["values"]["content"] and "工程部" in got["values"]["content"]
    db.session.refresh(delivery)
    assert delivery.state == "sent" and delivery.provider_message_id == got["BizId"]
    deliver_due(NOON)
    assert len(sms_enabled.received) == 1  # never twice


def test_quiet_hours_hold_an_sms_until_morning_except_an_emergency(community, readers,
                                                                   sms_enabled):
    _verified(readers[0])
    _notify(community, readers[:1], now=NIGHT)
    _notify(community, readers[:1], key="ticket:2:dispatched", now=NIGHT, emergency=True)
    quiet, urgent = _sms_deliveries()
    assert quiet.next_attempt_at == MORNING_UTC and urgent.next_attempt_at == NIGHT
    deliver_due(NIGHT)
    assert [r["OutId"] for r in sms_enabled.received] == [urgent.idempotency_key]
    deliver_due(MORNING_UTC)
    assert [r["OutId"] for r in sms_enabled.received] == [urgent.idempotency_key,
                                                          quiet.idempotency_key]


def test_a_provider_fault_is_retried_with_backoff(community, readers, sms_enabled):
    _verified(readers[0])
    _notify(community, readers[:1])
    sms_enabled.mode = "busy"
    deliver_due(NOON)
    [delivery] = _sms_deliveries()
    assert delivery.state == "queued" and delivery.attempts == 1
    assert delivery.next_attempt_at == NOON + timedelta(minutes=1)
    sms_enabled.mode = "ok"
    deliver_due(NOON + timedelta(minutes=1))
    db.session.refresh(delivery)
    assert delivery.state == "sent" and len(sms_enabled.received) == 1


def test_an_unverified_or_unconfigured_number_sends_nothing(community, readers):
    readers[0].phone = PHONE  # not verified: not an address
    _verified(readers[1])
    _notify(community, readers)
    [delivery] = _sms_deliveries()
    assert delivery.user_id == readers[1].id
    deliver_due(NOON)  # SMS not configured in the test app: skipped, visibly
    db.session.refresh(delivery)
    assert delivery.state == "skipped" and delivery.last_error == "channel not configured"


# -- privacy -------------------------------------------------------------------------------

def test_the_number_is_whole_only_for_its_owner_and_administrators(app, client, community,
                                                                  users, readers):
    reader = _verified(readers[0])
    assert phone.shown(reader, reader) == PHONE
    assert phone.shown(reader, users["admin"]) == PHONE
    assert phone.shown(reader, readers[1]) == MASKED
    assert phone.shown(reader, users["committee"]) == MASKED
    login(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert PHONE in page
    _notify(community, [reader])
    client.post("/logout")
    login(client, "staff")  # reads the community's delivery log: who and how, never where
    page = client.get(f"/notifications/deliveries/{community.id}").get_data(as_text=True)
    assert "短信" in page and PHONE not in page and MASKED not in page
    result = app.test_cli_runner().invoke(args=["users", "list"])
    assert MASKED in result.output and PHONE not in result.output
