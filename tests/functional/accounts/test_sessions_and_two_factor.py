"""Issue 19 item 5: the user's own sessions with "sign out everywhere else"; TOTP sign-in."""

from __future__ import annotations

import time

import pyotp

from survey_app.auth.models import LoginSession, RecoveryCode
from survey_app.auth.pages import device_summary
from survey_app.auth.sessions import truncated_address
from survey_app.extensions import db
from tests.fixtures.factories import PASSWORD, login

ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0 Mobile Safari/537.36")


def _browser(app, agent, address):
    browser = app.test_client()
    browser.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address})
    return browser


def test_sessions_list_shows_devices_and_truncated_addresses(app, users):
    phone = _browser(app, ANDROID, "203.0.113.77")
    desk = _browser(app, "Mozilla/5.0 (Windows NT 10.0) Firefox/121.0", "198.51.100.9")
    login(phone, "staff")
    login(desk, "staff")
    page = desk.get("/account/sessions").get_data(as_text=True)
    assert "Chrome · Android" in page and "Firefox · Windows" in page
    assert "203.0.113.*" in page and "203.0.113.77" not in page
    assert "当前浏览器" in page


def test_sign_out_everywhere_else_keeps_this_browser(app, users):
    phone, desk = _browser(app, ANDROID, "203.0.113.7"), _browser(app, "x", "198.51.100.9")
    login(phone, "staff")
    login(desk, "staff")
    assert desk.post("/account/sessions/end-others").status_code == 302
    assert desk.get("/").status_code == 200
    assert phone.get("/").status_code == 302  # back to the sign-in
    assert db.session.query(LoginSession).filter_by(user_id=users["staff"].id).count() == 1


def test_device_and_address_helpers():
    assert device_summary(ANDROID) == "Chrome · Android"
    assert device_summary("") == ""
    assert truncated_address("2001:db8:85a3::8a2e:370:7334") == "2001:db8:85a3:*"
    assert truncated_address("nonsense") == ""


def _enrol(client):
    client.get("/account/two-factor")
    secret = db.session.get(type(_user(client)), _user(client).id).totp_secret
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    page = response.get_data(as_text=True)
    codes = [part.split("</code>")[0] for part in page.split("<li><code>")[1:]]
    return secret, codes


def _next(secret):
    """The code of the next time step: accepted (clock drift), unlike a replay of now()."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def _user(client):
    from survey_app.auth.models import User
    return db.session.query(User).filter_by(username="staff").one()


def test_enrol_then_sign_in_needs_the_code(client, users):
    login(client, "staff")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page
    secret, codes = _enrol(client)
    assert len(codes) == 10
    assert db.session.query(RecoveryCode).count() == 10
    assert all(len(r.code_hash) == 64 and r.code_hash not in codes
               for r in db.session.query(RecoveryCode))
    client.post("/logout")
    response = login(client, "staff")
    assert "/login/code" in response.location
    assert client.get("/").status_code == 302  # not signed in yet
    page = client.post("/login/code", data={"code": "000000"}).get_data(as_text=True)
    assert "验证码不正确" in page
    assert client.post("/login/code", data={"code": _next(secret)}).status_code == 302
    assert client.get("/").status_code == 200


def test_a_code_is_accepted_once(client, users):
    login(client, "staff")
    secret, _codes = _enrol(client)
    client.post("/logout")
    login(client, "staff")
    code = _next(secret)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    client.post("/logout")
    login(client, "staff")
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 200 and "已经用过" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client, users):
    login(client, "staff")
    _secret, codes = _enrol(client)
    client.post("/logout")
    login(client, "staff")
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 302
    client.post("/logout")
    login(client, "staff")
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 200


def test_wrong_codes_are_limited(client, users):
    login(client, "staff")
    secret, _codes = _enrol(client)
    client.post("/logout")
    login(client, "staff")
    for _n in range(5):
        client.post("/login/code", data={"code": "123456"})
    page = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()}) \
        .get_data(as_text=True)
    assert "错误次数过多" in page  # even the right code waits now
    assert client.get("/").status_code == 302


def test_disable_needs_password_and_code(client, users):
    login(client, "staff")
    secret, _codes = _enrol(client)
    response = client.post("/account/two-factor/disable",
                           data={"password": "wrong-one-1", "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 400 and "密码不正确" in response.get_data(as_text=True)
    response = client.post("/account/two-factor/disable",
                           data={"password": PASSWORD, "code": "111111"})
    assert response.status_code == 400
    assert _user(client).totp_confirmed_at is not None
    response = client.post("/account/two-factor/disable",
                           data={"password": PASSWORD, "code": _next(secret)})
    assert response.status_code == 302
    assert _user(client).totp_secret is None
    client.post("/logout")
    assert login(client, "staff").location == "/"


def test_committee_cannot_turn_on_two_factor(client, users):
    login(client, "committee")
    assert client.get("/account/two-factor").status_code == 403
