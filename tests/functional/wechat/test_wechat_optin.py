"""Owners opt in by WeChat web authorisation (snsapi_base) against the local fake WeChat:
the authorize redirect's documented shape, the state (signed, single use, bound to the
browser), the code exchange (a used or unknown code gets a calm page), template messages for
a published notice and for the owner's ticket, and unsubscribing through the message's link.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from sqlalchemy import func, select

from survey_app.contacts.models import WECHAT_CONSENT_VERSION, OwnerContact
from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.models_base import utcnow
from survey_app.notifications import hooks, owners
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery, WechatAuthState
from tests.fixtures.fake_providers import APP_SECRET, APPID, follow_authorize

from .conftest import WECHAT_UA, state_of, with_state

CALLBACK = "http://localhost/notify/wechat/callback"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _start_notices(client, community, consent="y"):
    data = {"start": "1"}
    if consent:
        data["wechat_consent"] = consent
    return client.post(f"/notify/{community.id}/wechat", data=data)


def _report(client, community, **extra):
    data = {"ticket_type": "repair", "building_id": "0", "description": "楼道灯坏了三天",
            "wx-wechat": "y", "wx-wechat_consent": "y", **extra}
    return client.post(f"/feedback/{community.code}/new", data=data)


def _later() -> object:
    return utcnow() + timedelta(days=1)  # past tonight's quiet hours, whenever the test runs


def test_without_configuration_nothing_offers_or_answers_wechat(client, community):
    page = client.get(f"/feedback/{community.code}/new", headers=WECHAT_UA).get_data(
        as_text=True)
    assert "用微信接收通知" not in page and "optin-wechat" not in page
    assert client.get(f"/notify/{community.id}").status_code == 404
    assert _start_notices(client, community).status_code == 404
    assert client.get("/notify/wechat/callback?code=x&state=y").status_code == 404
    notice = client.get(f"/notice/{community.id}").get_data(as_text=True)
    assert "用微信接收通知" not in notice
    csp = client.get(f"/feedback/{community.code}/new").headers["Content-Security-Policy"]
    assert "form-action 'self';" in csp  # nobody else's site is allowed


def test_authorize_redirect_has_the_documented_shape(client, community, wechat_enabled):
    page = client.get(f"/notify/{community.id}", headers=WECHAT_UA).get_data(as_text=True)
    assert "用微信接收通知" in page and "prominent" in page and WECHAT_CONSENT_VERSION in page
    assert 'id="optin"' not in page  # text messages are not configured: not offered
    # browsers apply form-action to a submit's redirects: WeChat's page must be allowed
    for url in (f"/notify/{community.id}", f"/feedback/{community.code}/new"):
        csp = client.get(url).headers["Content-Security-Policy"]
        assert f"form-action 'self' {wechat_enabled.url};" in csp
    plain = client.get(f"/notify/{community.id}").get_data(as_text=True)
    assert "用微信接收通知" in plain and "prominent" not in plain and "用微信扫" in plain
    response = _start_notices(client, community)
    assert response.status_code == 302
    location = response.headers["Location"]
    state = state_of(location)
    assert location == (f"{wechat_enabled.url}/connect/oauth2/authorize?appid={APPID}"
                        f"&redirect_uri={quote(CALLBACK, safe='')}&response_type=code"
                        f"&scope=snsapi_base&state={state}#wechat_redirect")
    back = follow_authorize(location)  # the fake checks order, encoding, scope, state
    assert not wechat_enabled.rejected
    assert back.startswith("/notify/wechat/callback?code=") and back.endswith(f"state={state}")
    row = db.session.scalars(select(WechatAuthState)).one()
    assert state[:32] not in row.nonce_hash  # only a hash of the nonce is kept


def test_notice_subscription_by_wechat_and_the_published_message(client, community,
                                                                 wechat_enabled):
    back = follow_authorize(_start_notices(client, community).headers["Location"])
    response = client.get(back)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/notify/{community.id}"
    assert "公示通知将通过微信发送给您" in client.get(f"/notify/{community.id}").get_data(
        as_text=True)
    contact = db.session.scalars(select(OwnerContact)).one()
    assert (contact.channel, contact.openid, contact.phone) == ("wechat", "oOwner-0001", None)
    assert contact.purposes == "notices" and contact.ticket_id is None
    assert contact.consent_version == WECHAT_CONSENT_VERSION and contact.consented_at
    [exchange] = wechat_enabled.exchanges
    assert exchange == {"appid": APPID, "secret": APP_SECRET,
                        "code": exchange["code"], "grant_type": "authorization_code"}
    publication = SimpleNamespace(id=7, period=SimpleNamespace(label="2026年第四季度"))
    link = f"http://localhost/notice/{community.id}"
    assert owners.results_published(publication, community, link) == 1
    assert owners.results_published(publication, community, link) == 0  # idempotent
    db.session.commit()
    [delivery] = db.session.scalars(select(Delivery)).all()
    assert delivery.channel == "owner_wechat" and delivery.address == f"contact:{contact.id}"
    deliver_due(_later())
    deliver_due(_later())
    [sent] = wechat_enabled.received
    assert sent["touser"] == "oOwner-0001" and sent["template_id"] == "tpl-generic"
    assert "2026年第四季度" in sent["data"]["first"]["value"]
    assert "/u/" in sent["data"]["remark"]["value"] and "退订" in sent["data"]["remark"][
        "value"]
    assert sent["url"] == link
    assert db.session.get(Delivery, delivery.id).state == "sent"


def test_a_replayed_or_forged_state_gets_a_clear_400(client, community, wechat_enabled):
    back = follow_authorize(_start_notices(client, community).headers["Location"])
    assert client.get(back).status_code == 302
    replay = client.get(back)
    assert replay.status_code == 400 and "已经用过" in replay.get_data(as_text=True)
    back = follow_authorize(_start_notices(client, community).headers["Location"])
    state = state_of(back)
    forged = state[:-1] + ("0" if state[-1] != "0" else "1")
    response = client.get(with_state(back, forged))
    assert response.status_code == 400 and "不是在本浏览器" in response.get_data(as_text=True)
    for bad in ("", "abc", "x" * 64, "<script>" * 8):
        response = client.get(with_state(back, quote(bad)))
        assert response.status_code == 400, bad
    assert _count(OwnerContact) == 1  # only the first, genuine one


def test_another_browser_cannot_finish_an_owners_authorisation(app, client, community,
                                                               wechat_enabled):
    """The callback of owner A's ticket, opened in B's browser, binds nothing."""
    response = _report(client, community)
    assert response.status_code == 302
    back = follow_authorize(response.headers["Location"])
    other = app.test_client()
    wechat_enabled.user_openid = "oIntruder"
    answer = other.get(back)
    assert answer.status_code == 400 and "不是在本浏览器" in answer.get_data(as_text=True)
    assert _count(OwnerContact) == 0
    assert client.get(back).status_code == 302  # the owner's own browser still can


def test_an_expired_state_is_refused(client, community, wechat_enabled):
    back = follow_authorize(_start_notices(client, community).headers["Location"])
    row = db.session.scalars(select(WechatAuthState)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(back)
    assert response.status_code == 400 and "超时" in response.get_data(as_text=True)
    assert _count(OwnerContact) == 0 and not wechat_enabled.exchanges


def test_a_used_or_unknown_code_gets_a_calm_page_and_a_retry(client, community,
                                                            wechat_enabled):
    first = follow_authorize(_start_notices(client, community).headers["Location"])
    assert client.get(first).status_code == 302
    used_code = first.split("code=", 1)[1].split("&", 1)[0]
    fresh = follow_authorize(_start_notices(client, community).headers["Location"])
    state = state_of(fresh)
    response = client.get(f"/notify/wechat/callback?code={used_code}&state={state}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "没有做任何更改" in page and "再试一次" in page
    assert wechat_enabled.exchanges[-1]["code"] == used_code  # WeChat answered 40163
    response = client.get(f"/notify/wechat/callback?code=CODEunknown&state={state}")
    assert response.status_code == 400 and "已经用过" in response.get_data(as_text=True)
    again = client.post("/notify/wechat/again", data={"state": state})
    assert again.status_code == 302 and "/connect/oauth2/authorize?" in again.headers[
        "Location"]
    retry = follow_authorize(again.headers["Location"])
    response = client.get(retry.replace(retry.split("code=", 1)[1].split("&", 1)[0],
                                        "CODEunknown"))
    assert response.status_code == 400 and "没有做任何更改" in response.get_data(as_text=True)
    assert wechat_enabled.exchanges[-1]["code"] == "CODEunknown"  # answered 40029
    assert _count(OwnerContact) == 1
    # another browser cannot retry the owner's failed sign-in
    from flask import current_app

    other = current_app.test_client()
    assert other.post("/notify/wechat/again", data={"state": state}).status_code == 400


def test_consent_is_required_and_names_the_field(client, community, wechat_enabled):
    response = _start_notices(client, community, consent="")
    assert response.status_code == 400 and "请勾选同意" in response.get_data(as_text=True)
    response = _report(client, community, **{"wx-wechat_consent": ""})
    assert response.status_code == 400 and "请勾选同意" in response.get_data(as_text=True)
    assert _count(Ticket) == 0 and _count(WechatAuthState) == 0


def test_ticket_progress_by_wechat_and_unsubscribe_via_the_link(client, community,
                                                                wechat_enabled):
    page = client.get(f"/feedback/{community.code}/new", headers=WECHAT_UA).get_data(
        as_text=True)
    assert "用微信接收通知" in page and "prominent" in page
    response = _report(client, community)
    assert response.status_code == 302
    ticket = db.session.scalars(select(Ticket)).one()
    back = follow_authorize(response.headers["Location"])
    done = client.get(back)
    assert done.status_code == 302
    assert urlsplit(done.headers["Location"]).path == f"/feedback/track/{ticket.tracking_code}"
    contact = db.session.scalars(select(OwnerContact)).one()
    assert (contact.ticket_id, contact.purposes, contact.channel) == (
        ticket.id, "ticket_progress", "wechat")
    # the same owner also left a verified number for this ticket: a separate opt-in
    sms = OwnerContact(community_id=community.id, ticket_id=ticket.id, phone="13812345678",
                       purposes="ticket_progress", consent_version="2026-12-v1",
                       consented_at=utcnow(), verified_at=utcnow(), unsubscribe_token="s" * 32)
    db.session.add(sms)
    db.session.commit()
    hooks.ticket_event(ticket, "acknowledged")
    hooks.ticket_event(ticket, "acknowledged")
    db.session.commit()
    assert [d.channel for d in db.session.scalars(select(Delivery).filter(
        Delivery.kind == "ticket.acknowledged", Delivery.user_id.is_(None)))] == \
        ["owner_wechat"]  # text messages are not configured: nothing queued for the phone
    deliver_due(_later())
    [sent] = wechat_enabled.received
    assert ticket.tracking_code in sent["data"]["first"]["value"]
    assert sent["url"].endswith(f"/feedback/track/{ticket.tracking_code}")
    link = sent["data"]["remark"]["value"].split("：", 1)[1].strip()
    path = urlsplit(link).path
    page = client.get(path).get_data(as_text=True)
    assert "退订微信通知" in page and "短信" in page  # says the text messages stay
    assert client.post(path).status_code == 200
    assert db.session.get(OwnerContact, contact.id).unsubscribed_at is not None
    assert db.session.get(OwnerContact, sms.id).unsubscribed_at is None
    hooks.ticket_event(ticket, "dispatched")
    db.session.commit()
    assert not db.session.scalars(select(Delivery).filter_by(
        kind="ticket.dispatched", channel="owner_wechat")).all()


def test_a_message_queued_before_unsubscribing_is_not_sent(client, community, wechat_enabled):
    back = follow_authorize(_report(client, community).headers["Location"])
    client.get(back)
    ticket = db.session.scalars(select(Ticket)).one()
    hooks.ticket_event(ticket, "acknowledged")
    db.session.commit()
    contact = db.session.scalars(select(OwnerContact)).one()
    contact.unsubscribed_at = utcnow()
    db.session.commit()
    deliver_due(_later())
    assert not wechat_enabled.received
    [delivery] = db.session.scalars(select(Delivery).filter_by(channel="owner_wechat"))
    assert delivery.state == "failed"


def test_an_owner_state_is_no_good_for_a_staff_binding(client, community, users,
                                                       wechat_enabled):
    from tests.fixtures.factories import login

    back = follow_authorize(_start_notices(client, community).headers["Location"])
    login(client, "staff")
    response = client.get("/notifications/wechat/callback?" + back.split("?", 1)[1])
    assert response.status_code == 400
    assert users["staff"].wechat_openid is None and not wechat_enabled.exchanges
