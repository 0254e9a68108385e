"""Sign-in, throttling, CSRF, language choice and the users command."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app import create_app
from survey_app.auth.models import User
from survey_app.extensions import db, limiter
from tests.fixtures.factories import PASSWORD, login


def test_login_logout_and_safe_redirects(client, users):
    response = client.post("/login?next=//evil.example/x",
                           data={"username": "staff", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_and_inactive_accounts_are_refused(client, users):
    response = client.post("/login", data={"username": "staff", "password": "nope-nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    users["staff"].active = False
    db.session.commit()
    assert login(client, "staff").status_code == 200


def test_passwords_are_hashed_with_scrypt(users):
    user = db.session.scalar(select(User).filter_by(username="staff"))
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


@pytest.mark.usefixtures("real_commits")  # a second app: its own connection must see the rows
def test_login_is_throttled(users, database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                      "UPLOAD_DIR": str(tmp_path)})
    try:
        limiter.reset()
        client = app.test_client()
        codes = [client.post("/login", data={"username": "staff", "password": "wrong-pw"})
                 .status_code for _ in range(12)]
        page = client.post("/login", data={"username": "staff", "password": PASSWORD})
    finally:
        limiter.reset()
        limiter.enabled = False  # the shared limiter goes back to the suite's setting
        with app.app_context():
            db.engine.dispose()
    # five free failures per account, then a wait (details: hardening/test_rate_limits.py)
    assert codes[:5] == [200] * 5 and codes[5:] == [429] * 7
    assert page.status_code == 429 and "次数过多" in page.get_data(as_text=True)


@pytest.mark.usefixtures("real_commits")  # a second app: its own connection must see the rows
def test_forms_need_a_csrf_token(tmp_path, database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": database_url,
                      "RATELIMIT_ENABLED": False, "UPLOAD_DIR": str(tmp_path)})
    client = app.test_client()
    response = client.post("/login", data={"username": "x", "password": "y"})
    # refused, and sent back to the form with a message (hardening/test_sessions.py)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page and "flash" in page
    with app.app_context():
        db.engine.dispose()


def test_chinese_by_default_and_english_on_request(client):
    assert "登录" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en?next=/login")
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in" in page and 'lang="en"' in page
    client.get("/lang/zh_CN")
    assert 'lang="zh-CN"' in client.get("/login").get_data(as_text=True)


def test_users_create_command(app, community):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "li", "--role", "committee",
                                 "--community", community.code, "--password", "a-long-pass"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(username="li"))
    assert [(m.role, m.community_id) for m in user.memberships] == [("committee", community.id)]
    bad = runner.invoke(args=["users", "create", "li2", "--role", "committee",
                              "--community", "nowhere", "--password", "a-long-pass"])
    assert bad.exit_code != 0 and "nowhere" in bad.output
    short = runner.invoke(args=["users", "create", "li3", "--role", "staff", "--password", "x"])
    assert short.exit_code != 0 and "8 characters" in short.output


def test_admin_creates_an_account_in_the_browser(client, users, community):
    login(client, "admin")
    response = client.post("/admin/users", data={
        "username": "wang", "display_name": "王委员", "organisation": "业委会",
        "password": "another-pass-1", "role": "committee", "community": community.id})
    assert response.status_code == 302
    assert login(client, "wang", "another-pass-1").status_code == 302


def test_messages_outside_a_request_use_the_default_language(app):
    from flask_babel import gettext

    assert gettext("Period %(label)s is now %(status)s.", label="Q4", status="x") \
        == "测评期 Q4 现为“x”。"


def test_accounts_page_names_the_community_of_a_membership(client, users, community):
    """业主委员会 (阳光花园), not 业主委员会 (1): the admin cannot read community ids."""
    login(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"({community.name})" in page and f"({community.id})" not in page


def test_home_page_is_titled_home_not_start_answering(client, users):
    """The staff home shared the owner survey's 开始答题 (Start) as its title."""
    login(client, "staff")
    page = client.get("/").get_data(as_text=True)
    assert "<title>首页" in page and "开始答题" not in page
