"""Staff accounts bind WeChat (绑定微信) on the notification preferences page by web
authorisation against the local fake WeChat, receive template messages on the "wechat"
channel, unbind; the binding is audited, and nobody binds another account."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

from sqlalchemy import select

from survey_app.audit import AuditLog
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.notifications import services
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery
from tests.fixtures.factories import PASSWORD, login
from tests.fixtures.fake_providers import APPID, follow_authorize

from .conftest import WECHAT_UA, state_of

NOON = datetime(2026, 11, 4, 4, 0)  # 12:00 in Shanghai: outside quiet hours


def _staff(community, name="reader1"):
    user = create_user(name, PASSWORD, "staff", [community.id])
    db.session.commit()
    return user


def _bind(client, openid, fake):
    response = client.post("/notifications/wechat/bind")
    assert response.status_code == 302
    fake.user_openid = openid
    return follow_authorize(response.headers["Location"])


def test_preferences_say_when_wechat_is_not_set_up(client, community):
    _staff(community)
    login(client, "reader1")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "本站未开通微信消息" in page and "绑定微信" not in page
    assert 'data-channel-state="off"' in page
    assert client.post("/notifications/wechat/bind").status_code == 404
    assert client.get("/notifications/wechat/callback?code=a&state=b").status_code == 404


def test_staff_binds_wechat_receives_a_message_and_unbinds(client, community,
                                                           wechat_enabled):
    user = _staff(community)
    login(client, "reader1")
    page = client.get("/notifications/preferences", headers=WECHAT_UA).get_data(as_text=True)
    assert "尚未绑定微信" in page and "绑定微信" in page
    csp = client.get("/notifications/preferences").headers["Content-Security-Policy"]
    assert f"form-action 'self' {wechat_enabled.url};" in csp
    response = client.post("/notifications/wechat/bind")
    location = response.headers["Location"]
    callback = quote("http://localhost/notifications/wechat/callback", safe="")
    assert location == (f"{wechat_enabled.url}/connect/oauth2/authorize?appid={APPID}"
                        f"&redirect_uri={callback}&response_type=code&scope=snsapi_base"
                        f"&state={state_of(location)}#wechat_redirect")
    wechat_enabled.user_openid = "oStaff-0001"
    done = client.get(follow_authorize(location))
    assert done.status_code == 302
    assert urlsplit(done.headers["Location"]).path == "/notifications/preferences"
    db.session.refresh(user)
    assert user.wechat_openid == "oStaff-0001" and user.wechat_bound_at is not None
    audit = db.session.scalars(select(AuditLog).filter_by(
        action="notification.wechat_bound")).one()
    assert audit.object_id == user.id and audit.user_id == user.id
    assert "oStaff-0001" not in str(audit.details)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "解除绑定" in page
    services.notify("ticket.completed", community=community, recipients=[user],
                    params={"code": "A1B2"}, link="http://localhost/feedback/1/tickets",
                    dedupe_key="wx-1", now=NOON)
    db.session.commit()
    [delivery] = db.session.scalars(select(Delivery).filter_by(channel="wechat"))
    assert delivery.address == "oStaff-0001"
    deliver_due(NOON + timedelta(minutes=1))
    [sent] = wechat_enabled.received
    assert sent["touser"] == "oStaff-0001" and sent["template_id"] == "tpl-generic"
    assert "A1B2" in sent["data"]["first"]["value"] + sent["data"]["remark"]["value"]
    assert sent["url"] == "http://localhost/feedback/1/tickets"
    assert db.session.get(Delivery, delivery.id).state == "sent"
    assert client.post("/notifications/wechat/unbind").status_code == 302
    db.session.refresh(user)
    assert user.wechat_openid is None
    assert db.session.scalars(select(AuditLog).filter_by(
        action="notification.wechat_unbound")).one().object_id == user.id
    services.notify("ticket.completed", community=community, recipients=[user],
                    params={"code": "C3"}, link=None, dedupe_key="wx-2", now=NOON)
    db.session.commit()
    assert len(db.session.scalars(select(Delivery).filter_by(channel="wechat")).all()) == 1


def test_nobody_binds_another_account(app, client, community, wechat_enabled):
    victim, _other = _staff(community, "reader1"), _staff(community, "reader2")
    login(client, "reader1")
    back = _bind(client, "oAttacker", wechat_enabled)
    # the callback opened by another account in another browser
    attacker = app.test_client()
    login(attacker, "reader2")
    response = attacker.get(back)
    assert response.status_code == 400
    # the same browser, now signed in as another account
    login(client, "reader2")
    response = client.get(back)
    assert response.status_code == 400
    db.session.expire_all()
    assert victim.wechat_openid is None and _other.wechat_openid is None
    assert not wechat_enabled.exchanges
    assert not db.session.scalars(select(AuditLog).filter_by(
        action="notification.wechat_bound")).all()


def test_a_used_code_binds_nothing_and_says_so_calmly(client, community, wechat_enabled):
    user = _staff(community)
    login(client, "reader1")
    first = _bind(client, "oStaff-0001", wechat_enabled)
    assert client.get(first).status_code == 302
    code = first.split("code=", 1)[1].split("&", 1)[0]
    second = _bind(client, "oStaff-0002", wechat_enabled)
    response = client.get(f"/notifications/wechat/callback?code={code}"
                          f"&state={state_of(second)}")
    assert response.status_code == 400 and "没有做任何更改" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.wechat_openid == "oStaff-0001"


def test_signed_out_callback_goes_to_the_login_page(app, community, wechat_enabled):
    client = app.test_client()
    response = client.get("/notifications/wechat/callback?code=a&state=b")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
