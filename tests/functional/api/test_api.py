"""Read-only API: bearer tokens, JSON errors, and the dashboard's exact numbers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.api.models import ApiToken
from survey_app.api.tokens import create_token, revoke_token
from survey_app.extensions import db
from survey_app.results import services


@pytest.fixture
def token(users):
    _row, raw = create_token(users["admin"], "测试系统", scopes=("published", "unpublished"))
    db.session.commit()
    return raw


def _auth(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_requests_without_a_valid_token_get_json_401(client, token):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/communities", headers=headers)
        assert response.status_code == 401
        assert response.is_json and response.json["status"] == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_refused(client, users, token):
    row = db.session.scalar(select(ApiToken))
    assert client.get("/api/v1/communities", headers=_auth(token)).status_code == 200
    revoke_token(users["admin"], row.id)
    db.session.commit()
    assert client.get("/api/v1/communities", headers=_auth(token)).status_code == 401


def test_lists_and_result_are_the_dashboard_numbers(client, token, scored, results):
    headers = _auth(token)
    communities = client.get("/api/v1/communities", headers=headers).json["communities"]
    assert [c["name"] for c in communities] == ["测试小区"]
    periods = client.get(f"/api/v1/communities/{scored.community_id}/periods",
                         headers=headers).json["periods"]
    assert [p["label"] for p in periods] == ["2026-Q3", "2026-Q4"]
    body = client.get(f"/api/v1/periods/{scored.id}/result", headers=headers).json
    assert body["result"] == services.period_result(scored).to_dict() == results[scored.id]
    assert body["period"]["label"] == "2026-Q4"
    assert db.session.scalar(select(ApiToken)).last_used_at is not None


def test_unknown_ids_and_bad_query_are_json_errors(client, token, scored):
    headers = _auth(token)
    response = client.get("/api/v1/periods/999999/result", headers=headers)
    assert response.status_code == 404 and response.json["status"] == 404
    assert client.get("/api/v1/periods/99999999999999999999", headers=headers) \
        .status_code == 404
    response = client.get(f"/api/v1/communities/{scored.community_id}/periods?status=x",
                          headers=headers)
    assert response.status_code == 400 and "status" in response.json["message"]
    assert client.get("/api/v1/nothing", headers=headers).is_json


def test_result_of_a_period_without_data_is_served(client, token, period):
    body = client.get(f"/api/v1/periods/{period.id}/result", headers=_auth(token)).json
    assert body["result"]["composite"]["score"] is None


def test_openapi_document_is_public(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/communities", "/communities/{community_id}",
                                 "/communities/{community_id}/periods", "/periods/{period_id}",
                                 "/periods/{period_id}/result"}


def test_staff_create_and_revoke_tokens_on_the_page(as_role):
    staff = as_role("staff")
    assert staff.post("/reports/api-tokens", data={"name": ""}).status_code == 400
    page = staff.post("/reports/api-tokens", data={
        "name": "BI", "community": "0", "scope_published": "y", "days": "90"}).get_data(
        as_text=True)
    assert 'id="new-token">sqa_' in page
    row = db.session.scalar(select(ApiToken))
    assert row.prefix in page and row.token_hash not in page
    staff.post(f"/reports/api-tokens/{row.id}/revoke")
    db.session.refresh(row)
    assert row.revoked
    assert as_role("committee").get("/reports/api-tokens").status_code == 403
