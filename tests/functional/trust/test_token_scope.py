"""Issue 13 item 6: API tokens with scope: communities, published/unpublished, expiry, owner.

Two communities, A (`community`) and B (`other_community`), each with a published and an
unpublished period; tokens of an admin, of company staff everywhere and of staff scoped to B,
asked every endpoint for every period. A token reads a period only if it was made for the
period's community, its creator may read that community now, and its scopes cover the
period's status.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey_app.api.models import ApiToken
from survey_app.api.tokens import create_token
from survey_app.auth.models import Membership
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.models_base import utcnow
from tests.fixtures.factories import PASSWORD, login, make_period

BOTH = ("published", "unpublished")


@pytest.fixture
def world(users, community, other_community):
    """Periods A-pub, A-open, B-pub, B-closed and a staff account scoped to B."""
    periods = {
        "A-pub": make_period(community, "2026-Q3", "published", date(2026, 7, 1),
                             date(2026, 9, 30)),
        "A-open": make_period(community, "2026-Q4", "open"),
        "B-pub": make_period(other_community, "2026-Q3", "published", date(2026, 7, 1),
                             date(2026, 9, 30)),
        "B-closed": make_period(other_community, "2026-Q4", "closed"),
    }
    users["staff_b"] = create_user("staff_b", PASSWORD, "staff", [other_community.id])
    db.session.commit()
    return {"A": community, "B": other_community, "periods": periods, "users": users}


def _token(world, who, community=None, scopes=BOTH, days=90):
    cid = world[community].id if community else None
    _row, raw = create_token(world["users"][who], f"{who}-{community}", community_id=cid,
                             scopes=scopes, days=days)
    db.session.commit()
    return raw


def _get(client, raw, url):
    return client.get(f"/api/v1{url}", headers={"Authorization": f"Bearer {raw}"})


#: token (creator, community it was made for, scopes) → periods it may read
MATRIX = {
    ("admin", None, BOTH): {"A-pub", "A-open", "B-pub", "B-closed"},
    ("admin", None, ("published",)): {"A-pub", "B-pub"},
    ("admin", "A", ("unpublished",)): {"A-open"},
    ("staff", "B", BOTH): {"B-pub", "B-closed"},
    ("staff_b", None, BOTH): {"B-pub", "B-closed"},  # "all I may see" = B only
    ("staff_b", None, ("published",)): {"B-pub"},
    ("staff_b", "B", ("unpublished",)): {"B-closed"},
}


@pytest.mark.parametrize("spec", list(MATRIX), ids=lambda s: "-".join(map(str, s[:2])) + "-"
                         + "+".join(s[2]))
def test_token_scope_matrix(client, world, spec):
    who, community, scopes = spec
    raw = _token(world, who, community, scopes)
    readable = MATRIX[spec]
    for name, period in world["periods"].items():
        for url in (f"/periods/{period.id}", f"/periods/{period.id}/result"):
            response = _get(client, raw, url)
            expected = 200 if name in readable else 403
            assert response.status_code == expected, (spec, name, url, response.json)
            if expected == 403:
                message = response.json["message"]
                assert response.json["status"] == 403
                assert "community" in message or "scope" in message, message
    communities = {c["code"] for c in _get(client, raw, "/communities").json["communities"]}
    covered = {world["periods"][n].community.code for n in readable}
    assert communities == covered
    for key in ("A", "B"):
        c = world[key]
        assert _get(client, raw, f"/communities/{c.id}").status_code == \
            (200 if c.code in covered else 403)
        listing = _get(client, raw, f"/communities/{c.id}/periods")
        if c.code in covered:
            assert {p["id"] for p in listing.json["periods"]} == {
                world["periods"][n].id for n in readable if n.startswith(key)}
        else:
            assert listing.status_code == 403


def test_b_token_cannot_read_a_unpublished_period(client, world):
    raw = _token(world, "staff_b")
    period = world["periods"]["A-open"]
    response = _get(client, raw, f"/periods/{period.id}/result")
    assert response.status_code == 403 and response.is_json
    assert f"community {world['A'].id}" in response.json["message"]


def test_published_scope_names_the_missing_scope(client, world):
    raw = _token(world, "admin", scopes=("published",))
    response = _get(client, raw, f"/periods/{world['periods']['A-open'].id}/result")
    assert response.status_code == 403
    assert "'unpublished' scope" in response.json["message"]
    response = _get(client, raw, f"/communities/{world['A'].id}/periods?status=open")
    assert response.status_code == 403 and "'unpublished' scope" in response.json["message"]


def test_expired_token_is_refused_with_why(client, world):
    raw = _token(world, "admin", days=1)
    period = world["periods"]["A-pub"]
    assert _get(client, raw, f"/periods/{period.id}").status_code == 200
    row = db.session.scalar(select(ApiToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = _get(client, raw, f"/periods/{period.id}")
    assert response.status_code == 401 and "expired" in response.json["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_never_reads_more_than_its_creator_now(client, world):
    raw = _token(world, "staff_b", "B")
    period = world["periods"]["B-closed"]
    assert _get(client, raw, f"/periods/{period.id}/result").status_code == 200
    membership = db.session.scalar(select(Membership).filter_by(
        user_id=world["users"]["staff_b"].id))
    membership.community_id = world["A"].id  # moved to community A
    db.session.commit()
    response = _get(client, raw, f"/periods/{period.id}/result")
    assert response.status_code == 403 and "creator" in response.json["message"]
    # nor does it gain A: it was made for B only
    assert _get(client, raw, f"/periods/{world['periods']['A-open'].id}").status_code == 403
    world["users"]["staff_b"].active = False
    db.session.commit()
    assert _get(client, raw, "/communities").json["communities"] == []


def test_revoked_and_unknown_tokens_say_why(client, world):
    raw = _token(world, "admin")
    row = db.session.scalar(select(ApiToken))
    row.revoked = True
    db.session.commit()
    assert "revoked" in _get(client, raw, "/communities").json["message"]
    assert "unknown" in _get(client, "sqa_nothing", "/communities").json["message"]


# --------------------------------------------------------------------------- the token pages


def _page(client, who):
    client.post("/logout")
    assert login(client, who).status_code == 302
    return client


def test_scoped_staff_lists_creates_and_revokes_only_within_their_rights(client, world):
    admin_raw = _token(world, "admin")  # noqa: F841  (a token staff_b must not see)
    staff = _page(client, "staff_b")
    page = staff.get("/reports/api-tokens").get_data(as_text=True)
    assert "admin-None" not in page and "测试小区" not in page  # A is not offered
    refused = staff.post("/reports/api-tokens", data={
        "name": "A?", "community": world["A"].id, "scope_published": "y", "days": "90"})
    assert refused.status_code == 400
    assert db.session.scalar(select(ApiToken).filter_by(name="A?")) is None
    made = staff.post("/reports/api-tokens", data={
        "name": "mine", "community": "0", "scope_published": "y", "days": "30"})
    assert made.status_code == 200 and 'id="new-token">sqa_' in made.get_data(as_text=True)
    mine = db.session.scalar(select(ApiToken).filter_by(name="mine"))
    assert mine.community_ids == [world["B"].id] and not mine.all_communities
    assert mine.scopes == "published"
    assert timedelta(days=29) < mine.expires_at - utcnow() <= timedelta(days=30)
    admins = db.session.scalar(select(ApiToken).filter_by(name="admin-None"))
    assert staff.post(f"/reports/api-tokens/{admins.id}/revoke").status_code == 404
    db.session.refresh(admins)
    assert not admins.revoked
    assert staff.post(f"/reports/api-tokens/{mine.id}/revoke").status_code == 302
    db.session.refresh(mine)
    assert mine.revoked


def test_only_owner_or_admin_revokes(client, world):
    _token(world, "staff_b", "B")
    row = db.session.scalar(select(ApiToken))
    assert _page(client, "staff").post(f"/reports/api-tokens/{row.id}/revoke").status_code \
        == 404
    db.session.refresh(row)
    assert not row.revoked
    admin = _page(client, "admin")
    assert "staff_b-B" in admin.get("/reports/api-tokens").get_data(as_text=True)
    assert admin.post(f"/reports/api-tokens/{row.id}/revoke").status_code == 302
    db.session.refresh(row)
    assert row.revoked


@pytest.mark.parametrize("data, field", [
    ({"days": "0"}, "有效期（天）"), ({"days": "366"}, "有效期（天）"), ({"days": "x"}, "有效期（天）"),
    ({"scope_published": ""}, "已公示的结果"), ({"name": ""}, "令牌名称"),
    ({"community": "99999"}, "小区"),
])
def test_bad_token_input_names_the_field_and_saves_nothing(client, world, data, field):
    staff = _page(client, "staff")
    form = {"name": "BI", "community": "0", "scope_published": "y", "days": "90", **data}
    form = {k: v for k, v in form.items() if v != ""}
    response = staff.post("/reports/api-tokens", data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # "字段：message", or the field quoted in a reworded framework message (“令牌名称”)
    assert f"{field}：" in html or f"{field}:" in html or f"“{field}”" in html, \
        html[html.find('class="error'):][:300]
    assert db.session.scalar(select(ApiToken)) is None


def test_new_token_is_shown_once(client, world):
    staff = _page(client, "staff")
    raw_page = staff.post("/reports/api-tokens", data={
        "name": "BI", "community": "0", "scope_published": "y", "days": "90"}
    ).get_data(as_text=True)
    raw = raw_page.split('id="new-token">')[1].split("<")[0]
    assert raw.startswith("sqa_")
    assert raw not in staff.get("/reports/api-tokens").get_data(as_text=True)
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash != raw and raw not in (row.prefix, row.name)
