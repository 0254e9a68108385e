"""Class 4: ``next=`` targets. CR/LF made the language switch (anonymous) and the login
(after signing in) a 500; a backslash or a host was an open redirect. One helper decides
(survey_app/guards/redirects.py)."""

from __future__ import annotations

import pytest

from survey_app.guards.redirects import safe_next
from tests.fixtures.factories import PASSWORD

BAD = ["/%0D%0ASet-Cookie:%20x=1", "/%0d%0aLocation:%20http://evil.example", "%0D%0A/",
       "/ok%0A", "/%09/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
       "https://evil.example/", "javascript:alert(1)", "/%00", "/%E2%80%A8x", "evil"]


@pytest.mark.parametrize("target", BAD)
def test_language_switch_without_login(client, target):
    response = client.get(f"/lang/en?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/") or "evil" not in \
        response.headers["Location"]
    assert "evil" not in response.headers["Location"]
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]


@pytest.mark.parametrize("target", BAD)
def test_login_with_a_bad_next(client, users, target):
    response = client.post(f"/login?next={target}",
                           data={"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]


def test_a_local_next_is_kept(client, users):
    assert client.get("/lang/en?next=/notice/1%3Fa%3D1").headers["Location"] == "/notice/1?a=1"
    response = client.post("/login?next=/communities/", data={"username": "staff",
                                                               "password": PASSWORD})
    assert response.headers["Location"] == "/communities/"


def test_safe_next_rules(app):
    with app.test_request_context():
        home = safe_next(None)
        assert safe_next("/a/b?c=d#e") == "/a/b?c=d#e"
        for bad in ("/\r\nx", "/\\x", "//x", "http://x/", "/\x00", "x", "/\x7f", ""):
            assert safe_next(bad) == home, repr(bad)
        assert safe_next("/" + "a" * 3000) == home
