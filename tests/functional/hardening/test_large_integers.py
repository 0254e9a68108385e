"""Class 1: integers in URLs and query strings beyond what a database column holds -> 404/400.

SQLite fails from 2^63, PostgreSQL from 2^31; every <int:…> route and every ``type=int``
query read is bounded in one place (survey_app/guards), so neither engine is ever asked.
"""

from __future__ import annotations

import re

import pytest

from survey_app.guards.converters import MAX_INT
from survey_app.guards.params import bounded_int

HUGE = (MAX_INT + 1, 2**63, 10**20, 10**40)


def _url(rule, big: int) -> str:
    return re.sub(r"<(?:int:)?([a-z_]+)>", lambda m: str(big) if m.group(0).startswith("<int:")
                  else "x", rule.rule)


def test_the_public_notice_examples(client):
    assert client.get("/notice/99999999999999999999").status_code == 404
    assert client.get("/notice/2147483648").status_code == 404
    assert client.get("/notice/2147483647").status_code == 404  # in range: simply unknown


@pytest.mark.parametrize("big", HUGE)
def test_every_int_route_answers_404_for_huge_ids(app, as_role, community, big):
    client = as_role("admin")
    rules = [r for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert len(rules) > 50
    for rule in rules:
        url = _url(rule, big)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)


def test_query_integers_are_bounded(as_role, community, period):
    client = as_role("admin")
    for query in ("page=99999999999999999999", "page=2147483648", "building=2147483648",
                  "page=-99999999999999999999", "building=99999999999999999999&page=3"):
        response = client.get(f"/communities/{community.id}/households?{query}")
        assert response.status_code == 200, query
    for url in (f"/inspections/c/{community.id}/?period=99999999999999999999",
                f"/results/{community.id}/periods/{period.id}?scheme=99999999999999999999",
                f"/feedback/{community.id}/tickets?page=99999999999999999999"):
        assert client.get(url).status_code < 500, url


def test_bounded_int():
    assert bounded_int(" 42 ") == 42 and bounded_int(str(MAX_INT)) == MAX_INT
    for bad in (str(MAX_INT + 1), "9" * 13, "x", str(-(MAX_INT + 2))):
        with pytest.raises(ValueError):
            bounded_int(bad)
