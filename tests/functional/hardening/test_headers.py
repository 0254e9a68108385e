"""Issue 15, item 10: security headers on every kind of page, Allow on 405, no inline script
without the page's nonce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.factories import login

PACKAGE = Path(__file__).resolve().parents[3] / "survey_app"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/login", "/healthz", "/notice/", "/nowhere", "/favicon.ico",
                                  "/api/v1/openapi.json"])
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["default-src"] == "default-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_inline_scripts_carry_this_responses_nonce(client, users):
    login(client, "staff")
    for source in PACKAGE.rglob("*.html"):
        text = source.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "nonce=" in tag, f"{source}: {tag}"
        assert not re.search(r"\son[a-z]+=\"", text), f"inline event handler in {source}"
    response = client.get("/")
    nonce = _csp(response)["script-src"].split("'nonce-")[1].split("'")[0]
    assert len(nonce) >= 16 and nonce != _csp(client.get("/")).get("script-src")


def test_405_names_the_allowed_methods(client, users):
    response = client.delete("/login")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    api = client.put("/api/v1/communities")
    assert api.status_code in (401, 405)
    if api.status_code == 405:
        assert "GET" in api.headers["Allow"]
