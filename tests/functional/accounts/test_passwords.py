"""Issue 19 item 5: changing one's own password, the rules for a new one, an admin's reset."""

from __future__ import annotations

from survey_app.audit import AuditLog
from survey_app.auth.models import PasswordHistory
from survey_app.extensions import db
from tests.fixtures.factories import PASSWORD, login

NEW = "Lotus-pond-2027"


def _change(client, current=PASSWORD, new=NEW, repeated=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "repeat_password": new if repeated is None else repeated})


def test_user_changes_own_password_and_signs_in_with_it(client, users):
    login(client, "committee")
    response = _change(client)
    assert response.status_code == 302
    client.post("/logout")
    assert login(client, "committee").status_code == 200  # the old one no longer works
    assert login(client, "committee", NEW).status_code == 302
    assert db.session.query(AuditLog).filter_by(action="user.password").count() == 1


def test_wrong_current_password_is_named(client, users):
    login(client, "staff")
    page = _change(client, current="not-my-password").get_data(as_text=True)
    assert "当前密码" in page and "不正确" in page


def test_weak_passwords_are_refused_with_the_field_named(client, users):
    login(client, "staff")
    for weak, words in (("short-1", "至少 10 个字符"), ("1234567890", "太常见"),
                        ("aaaaaaaaaaaa", "太常见"), ("my-staff-pass", "用户名")):
        response = _change(client, new=weak)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "新密码" in page and words in page, weak
    assert login(client, "staff").status_code == 302  # nothing was changed


def test_repeat_must_match(client, users):
    login(client, "staff")
    page = _change(client, repeated=NEW + "x").get_data(as_text=True)
    assert "两次输入的新密码不一致" in page


def test_the_last_five_passwords_cannot_be_reused(client, users):
    login(client, "staff")
    chain = [PASSWORD] + [f"Lotus-pond-{n}x" for n in range(1, 6)]
    for before, after in zip(chain, chain[1:], strict=False):
        assert _change(client, current=before, new=after).status_code == 302
        login(client, "staff", after)
    current = chain[-1]
    for old in chain[-5:]:
        page = _change(client, current=current, new=old).get_data(as_text=True)
        assert "最近用过" in page, old
    # the sixth from last has left the history
    assert _change(client, current=current, new=chain[0]).status_code == 302
    assert db.session.query(PasswordHistory).filter_by(user_id=users["staff"].id).count() == 5


def test_admin_reset_forces_a_change_on_every_page(client, users, community):
    login(client, "admin")
    page = client.post(f"/admin/users/{users['committee'].id}/reset").get_data(as_text=True)
    temporary = page.split("<code>")[1].split("</code>")[0]
    client.post("/logout")
    assert login(client, "committee", PASSWORD).status_code == 200
    assert login(client, "committee", temporary).status_code == 302
    for url in ("/", f"/communities/{community.id}", "/feedback/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/password" in response.location
    assert _change(client, current=temporary).status_code == 302
    assert client.get("/").status_code == 200
    assert db.session.query(AuditLog).filter_by(action="user.password_reset").count() == 1


def test_reset_of_unknown_account_is_404(client, users):
    login(client, "admin")
    assert client.post("/admin/users/999999/reset").status_code == 404


def test_lockout_message_does_not_reveal_whether_the_account_exists(client, users):
    known = [client.post("/login", data={"username": "staff", "password": "wrong-pw-1"})
             for _n in range(7)]
    unknown = [client.post("/login", data={"username": "nobody-here", "password": "wrong-pw-1"})
               for _n in range(7)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert known[-1].status_code == 429
    strip = lambda r: r.get_data(as_text=True).replace("nobody-here", "staff")  # noqa: E731
    assert strip(known[-1]) == strip(unknown[-1])
