"""Owners opt in: a number verified by an SMS code (through the fake Aliyun server), consent
recorded with its version, rate limits, expiry, and the signed one-time unsubscribe link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.contacts import services
from survey_app.contacts.models import CONSENT_VERSION, OwnerContact, PhoneCode
from survey_app.errors import FieldError, NotFound
from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.models_base import utcnow

PHONE = "13812345678"


def _report(code="", phone=PHONE, consent="y", **extra):
    data = {"ticket_type": "repair", "building_id": "0", "description": "楼道灯坏了三天",
            "notify-phone": phone, "notify-code": code, **extra}
    if consent:
        data["notify-consent"] = consent
    return data


def _ask_code(client, community, phone=PHONE):
    response = client.post(f"/feedback/{community.code}/new",
                           data=_report(phone=phone, **{"notify-send_code": "1"}))
    return response


def _last_code(fake) -> str:
    return fake.received[-1]["values"]["code"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_without_sms_the_section_is_hidden_and_nothing_is_promised(client, community):
    page = client.get(f"/feedback/{community.code}/new").get_data(as_text=True)
    assert 'id="optin"' not in page and "接收进度通知" not in page
    assert "本页不发送短信" in page or "不发送短信" in page
    assert client.get(f"/notify/{community.id}").status_code == 404


def test_repair_form_opt_in_end_to_end(client, community, sms_enabled):
    page = client.get(f"/feedback/{community.code}/new").get_data(as_text=True)
    assert 'id="optin"' in page and CONSENT_VERSION in page
    response = _ask_code(client, community, phone="+86 138-1234-5678")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "138****5678" in page and "楼道灯坏了三天" in page  # the rest of the form is kept
    [sent] = sms_enabled.received
    assert sent["PhoneNumbers"] == PHONE and sent["TemplateCode"] == "SMS_100001"
    code = _last_code(sms_enabled)
    assert len(code) == 6 and code.isdigit()
    row = db.session.scalars(select(PhoneCode)).one()
    stored = " ".join(str(v) for v in (row.phone_hash, row.ip_hash, row.code_hash))
    assert PHONE not in stored and code not in stored  # only keyed hashes are kept
    response = client.post(f"/feedback/{community.code}/new", data=_report(code=code))
    assert response.status_code == 302
    ticket = db.session.scalars(select(Ticket)).one()
    contact = db.session.scalars(select(OwnerContact)).one()
    assert (contact.phone, contact.ticket_id, contact.purposes) == (PHONE, ticket.id,
                                                                   "ticket_progress")
    assert contact.consent_version == CONSENT_VERSION and contact.consented_at
    assert contact.verified_at and contact.unsubscribed_at is None
    assert db.session.get(PhoneCode, row.id).used_at is not None


def test_wrong_code_names_the_field_saves_nothing_and_counts_the_try(client, community,
                                                                      sms_enabled):
    _ask_code(client, community)
    wrong = f"{(int(_last_code(sms_enabled)) + 1) % 10 ** 6:06d}"
    response = client.post(f"/feedback/{community.code}/new", data=_report(code=wrong))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "验证码：" in page and "验证码不对" in page
    assert _count(Ticket) == 0 and _count(OwnerContact) == 0
    assert db.session.scalars(select(PhoneCode)).one().attempts == 1


def test_five_wrong_tries_kill_the_code(client, community, sms_enabled):
    _ask_code(client, community)
    right = _last_code(sms_enabled)
    wrong = f"{(int(right) + 1) % 10 ** 6:06d}"
    for _ in range(services.MAX_ATTEMPTS):
        client.post(f"/feedback/{community.code}/new", data=_report(code=wrong))
    response = client.post(f"/feedback/{community.code}/new", data=_report(code=right))
    assert response.status_code == 400 and "重新获取" in response.get_data(as_text=True)
    assert _count(Ticket) == 0


@pytest.mark.parametrize("phone", ["1381234567", "23812345678", "abc", "138123456789"])
def test_malformed_phone_names_the_field_and_sends_nothing(client, community, sms_enabled,
                                                            phone):
    response = _ask_code(client, community, phone=phone)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "用于接收短信的手机号：" in page and "11 位手机号" in page
    assert not sms_enabled.received and _count(PhoneCode) == 0


def test_missing_code_or_consent_names_the_field(client, community, sms_enabled):
    _ask_code(client, community)
    response = client.post(f"/feedback/{community.code}/new", data=_report(code=""))
    assert response.status_code == 400 and "验证码：" in response.get_data(as_text=True)
    response = client.post(f"/feedback/{community.code}/new",
                           data=_report(code=_last_code(sms_enabled), consent=""))
    assert response.status_code == 400 and "请勾选同意" in response.get_data(as_text=True)
    assert _count(Ticket) == 0 and _count(OwnerContact) == 0


def test_report_without_a_number_needs_no_code(client, community, sms_enabled):
    response = client.post(f"/feedback/{community.code}/new", data=_report(phone="",
                                                                          consent=""))
    assert response.status_code == 302 and _count(Ticket) == 1 and _count(OwnerContact) == 0


def test_code_expires_after_ten_minutes(app, community, sms_enabled):
    start = utcnow()
    services.send_code(PHONE, "10.0.0.1", now=start)
    code = _last_code(sms_enabled)
    with pytest.raises(FieldError) as caught:
        services.opt_in(community.id, PHONE, code, True, ("notices",),
                        now=start + timedelta(minutes=10, seconds=1))
    assert caught.value.field == "code"
    contact = services.opt_in(community.id, PHONE, code, True, ("notices",),
                              now=start + timedelta(minutes=9))
    assert contact.purposes == "notices"


def test_codes_are_rate_limited_per_number_and_per_address(app, sms_enabled):
    start = utcnow()
    services.send_code(PHONE, "10.0.0.1", now=start)
    with pytest.raises(FieldError, match="一分钟"):
        services.send_code(PHONE, "10.0.0.1", now=start + timedelta(seconds=30))
    for minute in range(1, services.PHONE_PER_HOUR):
        services.send_code(PHONE, "10.0.0.1", now=start + timedelta(minutes=minute))
    with pytest.raises(FieldError, match="一小时"):
        services.send_code(PHONE, "10.0.0.1", now=start + timedelta(minutes=30))
    for n in range(services.IP_PER_HOUR - services.PHONE_PER_HOUR):
        services.send_code(f"139{n:08d}", "10.0.0.1", now=start + timedelta(minutes=31))
    with pytest.raises(FieldError, match="网络"):
        services.send_code("13700000000", "10.0.0.1", now=start + timedelta(minutes=32))
    services.send_code("13700000000", "10.0.0.2", now=start + timedelta(minutes=32))


def test_provider_down_names_the_field_and_keeps_no_code(client, community, sms_enabled):
    sms_enabled.mode = "5xx"
    response = _ask_code(client, community)
    assert response.status_code == 400
    assert "短信服务暂时没有响应" in response.get_data(as_text=True)
    assert _count(PhoneCode) == 0


def _contact(community, sms_enabled) -> OwnerContact:
    services.send_code(PHONE, "10.0.0.9")
    contact = services.opt_in(community.id, PHONE, _last_code(sms_enabled), True,
                              ("notices",))
    db.session.commit()
    return contact


def test_unsubscribe_link_is_one_time_and_a_reused_one_says_so(client, community, sms_enabled):
    contact = _contact(community, sms_enabled)
    body, params = services.owner_message(contact, "2026年第四季度测评结果已公示")
    url = params["unsubscribe"]
    assert url in body and "/u/" in url
    path = url[url.index("/u/"):]
    page = client.get(path).get_data(as_text=True)
    assert "138****5678" in page and contact.unsubscribed_at is None  # a GET changes nothing
    response = client.post(path)
    assert response.status_code == 200 and "已退订" in response.get_data(as_text=True)
    db.session.expire_all()
    ended = db.session.get(OwnerContact, contact.id).unsubscribed_at
    assert ended is not None
    again = client.post(path).get_data(as_text=True)
    assert "您已退订" in again and client.get(path).status_code == 200
    assert db.session.get(OwnerContact, contact.id).unsubscribed_at == ended


def test_forged_unsubscribe_links_404(client, community, sms_enabled):
    contact = _contact(community, sms_enabled)
    token = services.unsubscribe_token(contact)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/u/{forged}").status_code == 404
    assert client.post(f"/u/{forged}").status_code == 404
    contact.unsubscribe_token = "0" * 32  # the signed nonce no longer matches
    db.session.commit()
    assert client.get(f"/u/{token}").status_code == 404
    with pytest.raises(NotFound):
        services.contact_for_token("nothing")


def test_notice_subscription_page(client, community, sms_enabled):
    assert client.get(f"/notify/{community.id}").status_code == 200
    client.post(f"/notify/{community.id}", data={"notify-phone": PHONE,
                                                 "notify-send_code": "1"})
    response = client.post(f"/notify/{community.id}", data={
        "notify-phone": PHONE, "notify-code": _last_code(sms_enabled), "notify-consent": "y",
        "notify-subscribe": "1"})
    assert response.status_code == 302
    contact = db.session.scalars(select(OwnerContact)).one()
    assert contact.purposes == "notices" and contact.ticket_id is None


def test_notice_board_offers_the_subscription_only_with_sms(client, community, app):
    page = client.get(f"/notice/{community.id}").get_data(as_text=True)
    assert f"/notify/{community.id}" not in page
    app.config["SMS_ALIYUN_ACCESS_KEY_ID"] = "k"
    app.config["SMS_ALIYUN_ACCESS_KEY_SECRET"] = "s"
    app.config["SMS_ALIYUN_SIGN_NAME"] = "n"
    try:
        page = client.get(f"/notice/{community.id}").get_data(as_text=True)
    finally:
        for key in ("SMS_ALIYUN_ACCESS_KEY_ID", "SMS_ALIYUN_ACCESS_KEY_SECRET",
                    "SMS_ALIYUN_SIGN_NAME"):
            app.config.pop(key)
    assert f"/notify/{community.id}" in page and "短信接收公示通知" in page


def test_messages_to_owners_carry_the_unsubscribe_link_and_stop_after_it(client, community,
                                                                          sms_enabled):
    contact = _contact(community, sms_enabled)
    assert services.active_contacts(community.id, "notices") == [contact]
    assert services.active_contacts(community.id, "ticket_progress") == []
    biz_id = services.send_to_owner(contact, "公示", "2026年第四季度测评结果已公示",
                                    idempotency_key="n-1:sms")
    sent = sms_enabled.received[-1]
    assert sent["BizId"] == biz_id and sent["OutId"] == "n-1:sms"
    link = sent["values"]["unsubscribe"]
    assert "/u/" in link and sent["values"]["content"] == "2026年第四季度测评结果已公示"
    client.post(link[link.index("/u/"):])
    db.session.expire_all()
    contact = db.session.get(OwnerContact, contact.id)
    assert services.active_contacts(community.id, "notices") == []
    assert services.send_to_owner(contact, "公示", "再次通知", idempotency_key="n-2:sms") is None
    assert len(sms_enabled.received) == 2  # the code and the one notice, nothing after
