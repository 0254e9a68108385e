"""Who sees what: assigned assessors only, own sheet before submitting, staff read signed only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.assessments import review
from survey_app.assessments.models import SheetScore
from survey_app.auth.services import create_user
from survey_app.extensions import db
from tests.fixtures.assessments import SIGN, fill_directly, sheet_form
from tests.fixtures.factories import PASSWORD

MATRIX = ((8, 6, 7), (9, 9, 8), (5, 7, 6), (10, 9, 9), (7, 7, 5), (6, 8, 7))
CONCLUSIONS = {"strengths": "好", "problems": "差", "recommendations": "改", **SIGN}


def _pages(pid):
    return {"show": f"/assessments/{pid}", "sheet": f"/assessments/{pid}/sheet",
            "review": f"/assessments/{pid}/review", "results": f"/assessments/{pid}/results"}


# role → page → status, for a project in scoring where nobody has submitted yet
BEFORE = {
    "admin": {"show": 200, "sheet": 403, "review": 403, "results": 200},
    "staff": {"show": 200, "sheet": 403, "review": 403, "results": 200},
    "committee": {"show": 200, "sheet": 403, "review": 403, "results": 200},
    "assessor": {"show": 200, "sheet": 200, "review": 403, "results": 200},
    "assessor4": {"show": 403, "sheet": 403, "review": 403, "results": 403},
    "outsider": {"show": 403, "sheet": 403, "review": 403, "results": 403},
}


@pytest.fixture
def outsider(other_community):
    """A committee member of another community."""
    user = create_user("outsider", PASSWORD, "committee", [other_community.id])
    db.session.commit()
    return user


@pytest.mark.parametrize("username", sorted(BEFORE))
def test_page_matrix_before_submission(make_project, sign_in, outsider, username):
    project = make_project(3)  # assessor4 exists but is not assigned
    client = sign_in(username)
    for page, url in _pages(project.id).items():
        assert client.get(url).status_code == BEFORE[username][page], (username, page)
    listing = client.get("/assessments/").get_data(as_text=True)
    assert (f"/assessments/{project.id}\"" in listing) == (BEFORE[username]["show"] == 200)


def test_anonymous_is_sent_to_login(make_project, client):
    project = make_project(3)
    for url in _pages(project.id).values():
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_assessor_sees_only_own_sheet_until_submitted(make_project, sign_in):
    project = make_project(3)
    client = sign_in("assessor2")
    client.post(f"/assessments/{project.id}/sheet", data=sheet_form({"c1": 4}))
    client = sign_in("assessor3")
    client.post(f"/assessments/{project.id}/sheet", data=sheet_form({"c1": 9.5}))
    page = client.get(f"/assessments/{project.id}/sheet").get_data(as_text=True)
    assert 'value="9.5"' in page and 'value="4"' not in page
    assert client.get(f"/assessments/{project.id}/review").status_code == 403
    values = {i: 8 for i in ("c1", "c2", "c3", "s1", "s2", "s3")}
    client.post(f"/assessments/{project.id}/sheet", data=sheet_form(values, action="submit"))
    # after submitting, the others' scores (including drafts' submitted ones only) are visible
    assert client.get(f"/assessments/{project.id}/review").status_code == 200


def test_staff_and_committee_read_signed_results_but_never_edit(make_project, sign_in):
    project = make_project(3)
    pid = project.id
    fill_directly(project, MATRIX)
    for username in ("staff", "committee"):
        client = sign_in(username)
        body = client.get(f"/assessments/{pid}/results").get_data(as_text=True)
        assert "ICC" not in body  # nothing before sign-off
        assert client.post(f"/assessments/{pid}/sheet",
                           data=sheet_form({"c1": 0}, action="submit")).status_code == 403
        assert client.post(f"/assessments/{pid}/rescore",
                           data={"items": ["c1"], "assessors": [project.lead_id]}
                           ).status_code == 403
        assert client.post(f"/assessments/{pid}/sign", data=CONCLUSIONS).status_code == 403
        assert client.post(f"/assessments/{pid}/reopen", data={"reason": "x"}).status_code == 403
    review.sign_off(project, strengths="亮点", problems="问题", recommendations="建议")
    db.session.commit()
    body = sign_in("committee").get(f"/assessments/{pid}/results").get_data(as_text=True)
    assert "ICC(2,k)" in body and "亮点" in body
    assert db.session.scalar(select(SheetScore.points).filter_by(item_id="c1")
                             .order_by(SheetScore.id)) == 8


def test_only_the_lead_sends_back_and_signs(make_project, sign_in):
    project = make_project(3)
    pid = project.id
    fill_directly(project, MATRIX)
    client = sign_in("assessor2")  # assigned, submitted, not the lead
    assert client.get(f"/assessments/{pid}/review").status_code == 200
    assert "Request rescoring" not in client.get(f"/assessments/{pid}/review").get_data(
        as_text=True)
    assert client.post(f"/assessments/{pid}/rescore",
                       data={"items": ["c1"], "assessors": [project.lead_id]}).status_code == 403
    assert client.post(f"/assessments/{pid}/sign", data=CONCLUSIONS).status_code == 403
    assert sign_in("assessor").post(f"/assessments/{pid}/sign",
                                    data=CONCLUSIONS).status_code == 302


def test_manage_pages_are_for_staff_and_committee(period, sign_in, users, sheet_version):
    url = f"/assessments/communities/{period.community_id}/periods/{period.id}/project"
    assert sign_in("assessor").post(url, data={}).status_code == 403
    assert sign_in("assessor").get("/assessments/organisations").status_code == 403
    client = sign_in("committee")
    assert client.post("/assessments/organisations",
                       data={"name": "评估公司甲"}).status_code == 302
    assert client.post("/assessments/organisations",
                       data={"name": "评估公司甲"}).status_code == 400  # duplicate name
    assert client.post(url, data={}).status_code == 400  # form errors, not a 500


def test_staff_create_assessor_accounts_scoped_to_a_community(sign_in, community, users,
                                                              other_community, organisation):
    from survey_app.auth.models import User
    from survey_app.permissions import user_roles

    data = {"account-organisation": organisation.id, "account-community": community.id,
            "account-username": "zhou", "account-display_name": "评估员 周工",
            "account-password": "long-enough-1"}
    client = sign_in("committee")
    assert client.post("/assessments/organisations/accounts", data=data).status_code == 302
    user = db.session.scalar(select(User).filter_by(username="zhou"))
    assert user.organisation == "某某第三方评估有限公司"
    assert user_roles(user, community.id) == {"assessor"}
    assert user_roles(user, other_community.id) == set()
    assert "评估员 周工" in client.get("/assessments/organisations").get_data(as_text=True)
    # the same username again, a short password, a community not managed: refused
    assert client.post("/assessments/organisations/accounts", data=data).status_code == 400
    short = dict(data, **{"account-username": "wu", "account-password": "short"})
    assert client.post("/assessments/organisations/accounts", data=short).status_code == 400
    elsewhere = dict(data, **{"account-username": "wu",
                              "account-community": other_community.id})
    assert client.post("/assessments/organisations/accounts",
                       data=elsewhere).status_code == 400
    assert db.session.scalar(select(User).filter_by(username="wu")) is None
    assert sign_in("assessor").post("/assessments/organisations/accounts",
                                    data=dict(data, **{"account-username": "x1"})
                                    ).status_code == 403
