"""Issue 15, items 9, 11 and 12: sign-in sessions, remember cookies, CSRF lifetime, owner cookie."""

from __future__ import annotations

import base64
import json
import time
import zlib
from datetime import timedelta

import pytest

from survey_app import create_app
from survey_app.auth import services as account_services
from survey_app.auth.models import LoginSession
from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services as survey_services
from tests.fixtures.factories import PASSWORD, login
from tests.fixtures.surveys import OWNER_YAML


def _remember_login(client, username="staff"):
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "remember": "y"})
    assert response.status_code == 302
    return client.get_cookie("remember_token").value


def _signed_in(app, **cookies) -> bool:
    """Whether a fresh browser holding only these cookies is signed in."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value, domain="localhost")
    return browser.get("/").status_code == 200


def test_remember_token_is_new_on_every_login(app, client, users):
    first = _remember_login(client)
    client.post("/logout")
    second = _remember_login(client)
    assert first != second
    assert str(users["staff"].id) not in (first.split("|")[0], second.split("|")[0])


def test_remember_cookie_stops_working_after_logout(app, client, users):
    token = _remember_login(client)
    assert _signed_in(app, remember_token=token)
    client.post("/logout")
    assert not _signed_in(app, remember_token=token)


def test_old_session_cookie_stops_working_after_logout(app, client, users):
    assert login(client, "staff").status_code == 302
    old_session = client.get_cookie("session").value
    assert _signed_in(app, session=old_session)
    client.post("/logout")
    assert not _signed_in(app, session=old_session)


def test_password_change_and_deactivation_end_every_sign_in(app, users):
    phone, laptop = app.test_client(), app.test_client()
    tokens = [_remember_login(phone), _remember_login(laptop)]
    assert db.session.query(LoginSession).count() == 2
    account_services.change_password(users["staff"], "a-new-password-1")
    db.session.commit()
    assert not any(_signed_in(app, remember_token=t) for t in tokens)
    assert phone.get("/").status_code == 302
    laptop = app.test_client()
    assert login(laptop, "staff").status_code == 200  # the old password no longer works
    assert login(laptop, "staff", "a-new-password-1").status_code == 302
    account_services.set_active(users["staff"].id, False)
    db.session.commit()
    assert laptop.get("/").status_code == 302


def test_a_sign_in_expires_on_the_server(app, client, users):
    assert login(client, "staff").status_code == 302
    row = db.session.query(LoginSession).one()
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_bare_user_ids_are_not_accepted(app, users):
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = str(users["admin"].id)
        session["_fresh"] = True
    assert browser.get("/").status_code == 302


@pytest.fixture
def production_app(database_url, tmp_path, real_commits):
    app = create_app({"ENV": "production", "TESTING": True, "SECRET_KEY": "prod-secret",
                      "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "UPLOAD_DIR": str(tmp_path)})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_production_cookies_are_secure_samesite_and_short(production_app, users):
    client = production_app.test_client()
    response = client.post("/login", data={"username": "staff", "password": PASSWORD,
                                           "remember": "y"}, base_url="https://localhost")
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    session = next(c for c in cookies if c.startswith("session="))
    for cookie in (remember, session):
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    config = production_app.config
    assert config["REMEMBER_COOKIE_DURATION"] <= timedelta(days=14)


def _csrf_app(database_url, tmp_path, limit):
    return create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url,
                       "RATELIMIT_ENABLED": False, "UPLOAD_DIR": str(tmp_path),
                       "WTF_CSRF_TIME_LIMIT": limit})


def _csrf_token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


@pytest.mark.usefixtures("real_commits")  # a second app: its own connection must see the rows
def test_csrf_tokens_have_a_lifetime_and_expiry_is_explained(database_url, tmp_path, users):
    assert create_app({"SECRET_KEY": "k", "DATABASE_URL": database_url,
                       "UPLOAD_DIR": str(tmp_path)}).config["WTF_CSRF_TIME_LIMIT"] == 8 * 3600
    app = _csrf_app(database_url, tmp_path, 1)
    try:
        client = app.test_client()
        token = _csrf_token(client)
        time.sleep(2.1)
        response = client.post("/login", data={"username": "staff", "password": PASSWORD,
                                               "csrf_token": token})
        assert response.status_code == 303 and response.headers["Location"] == "/login"
        page = client.get("/login").get_data(as_text=True)
        assert "8 小时" in page and "flash-error" in page
        fresh = client.post("/login", data={"username": "staff", "password": PASSWORD,
                                            "csrf_token": _csrf_token(client)})
        assert fresh.status_code == 302
        # no form behind the address: a calm page, not a bare 400
        bare = app.test_client().post("/logout")
        assert bare.status_code == 400 and "8 小时" in bare.get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()


def _cookie_payload(client) -> str:
    """The readable part of Flask's signed session cookie."""
    value = client.get_cookie("session").value
    compressed = value.startswith(".")
    data = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode()


def test_owner_cookie_does_not_show_the_household(client, period):
    version, _ = publish(load_definition(OWNER_YAML))
    db.session.commit()
    survey = survey_services.publish_survey(period, version.id, "open")
    db.session.commit()
    household = period.community.buildings[0].households[1]
    response = client.post(f"/s/{survey.token}", data={
        "building": household.building_id, "unit": household.unit, "room": household.room,
        "phone_tail": household.phone_tail})
    assert response.status_code == 302
    payload = json.loads(_cookie_payload(client))
    sealed = payload["survey_households"][survey.token]
    assert isinstance(sealed, str) and sealed.startswith("gAAAAA")  # Fernet, not the id
    assert all(isinstance(v, str) for v in payload["survey_households"].values())
    assert client.get(f"/s/{survey.token}/start").status_code == 200
    # an altered value is worth nothing
    with client.session_transaction() as session:
        session["survey_households"] = {survey.token: household.id}
    assert client.get(f"/s/{survey.token}/start").status_code == 302


def test_password_command_ends_sign_ins(app, users):
    browser = app.test_client()
    token = _remember_login(browser)
    result = app.test_cli_runner().invoke(args=["users", "password", "staff", "--password",
                                                "brand-new-pass-2"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not _signed_in(app, remember_token=token)
    assert login(app.test_client(), "staff", "brand-new-pass-2").status_code == 302


@pytest.mark.usefixtures("real_commits")  # a second app: its own connection must see the rows
def test_an_owner_page_with_an_expired_form_says_so(database_url, tmp_path, period):
    version, _ = publish(load_definition(OWNER_YAML))
    db.session.commit()
    survey = survey_services.publish_survey(period, version.id, "codes")
    db.session.commit()
    from tests.fixtures.surveys import codes_of

    code = codes_of(survey)[0]
    app = _csrf_app(database_url, tmp_path, 1)
    try:
        owner = app.test_client()
        page = owner.get(f"/c/{code}/1").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        time.sleep(2.1)
        response = owner.post(f"/c/{code}/1", data={"csrf_token": token, "section": "0"})
        assert response.status_code == 303 and response.headers["Location"] == f"/c/{code}/1"
        again = owner.get(f"/c/{code}/1").get_data(as_text=True)
        assert "8 小时" in again and 'class="alert"' in again
    finally:
        with app.app_context():
            db.engine.dispose()
