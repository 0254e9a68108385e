"""Route × role: every route declares an access rule, and the rule is what the server enforces."""

from __future__ import annotations

import re

import pytest

from survey_app.permissions import LOGIN, PERMISSIONS, PUBLIC, TOKEN, rule_for

ROLES = ("anonymous", "admin", "staff", "committee", "assessor")


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule


def test_every_route_has_a_declared_access_rule(app):
    with app.test_request_context():
        missing = [r.endpoint for r in _routes(app) if rule_for(r.endpoint) is None]
    assert not missing, f"routes without an access rule in permissions: {missing}"


def _fill(rule, ids) -> str:
    """A concrete URL for a rule, using fixture ids for *community_id/period_id*."""
    url = rule.rule
    for name in rule.arguments:
        value = ids.get(name, 1)
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), url)
    return url


def _expected(app, endpoint: str, role: str, community_id: int) -> str:
    with app.test_request_context():
        rule = rule_for(endpoint)
    if rule.permission == PUBLIC:
        return "open"
    if rule.permission == TOKEN:
        return "token"
    if role == "anonymous":
        return "login"
    if rule.permission == LOGIN:
        return "open"
    if role == "admin" or role in PERMISSIONS[rule.permission]:
        return "open"
    return "forbidden"


@pytest.mark.parametrize("role", ROLES)
def test_rules_are_enforced_for_every_route(app, client, users, period, role):
    from tests.fixtures.factories import login

    if role != "anonymous":
        assert login(client, role).status_code == 302
    ids = {"community_id": period.community_id, "period_id": period.id}
    failures = []
    for rule in _routes(app):
        if rule.endpoint in ("auth.logout", "auth.login", "auth.set_language"):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        url = _fill(rule, ids)
        response = client.open(url, method=method)
        expected = _expected(app, rule.endpoint, role, period.community_id)
        code = response.status_code
        if code >= 500:
            failures.append(f"{method} {url}: {code}")
        elif expected == "login" and not (code in (302, 401) and (
                "/login" in response.headers.get("Location", "") or code == 401)):
            failures.append(f"{method} {url}: expected redirect to login, got {code}")
        elif expected == "forbidden" and code != 403:
            failures.append(f"{method} {url}: expected 403 for {role}, got {code}")
        elif expected == "token" and code != 401:
            failures.append(f"{method} {url}: expected 401 without a bearer token, got {code}")
        elif expected == "open" and code in (401, 403):
            failures.append(f"{method} {url}: {role} refused with {code}")
    assert not failures, "\n".join(failures)


def test_committee_member_cannot_open_another_community(app, client, users, other_community):
    from tests.fixtures.factories import login

    login(client, "committee")
    assert client.get(f"/communities/{other_community.id}").status_code == 403
    assert client.get(f"/communities/{users['committee'].memberships[0].community_id}") \
        .status_code == 200
