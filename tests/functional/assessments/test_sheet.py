"""The score sheet: bad input is named and saves nothing; submitted sheets are locked."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.assessments.models import AssessorSheet, SheetScore
from survey_app.extensions import db
from tests.fixtures.assessments import ITEMS, sheet_form

FULL = {"c1": 8, "c2": 7, "c3": None, "s1": 9, "s2": 6.5, "s3": 10}


def _points(project_id, username):
    rows = db.session.execute(
        select(SheetScore.item_id, SheetScore.points).join(AssessorSheet)
        .where(AssessorSheet.project_id == project_id)
        .where(AssessorSheet.assessor.has(username=username)))
    return dict(rows.all())


def test_bad_points_are_named_and_nothing_is_saved(make_project, sign_in):
    project = make_project(3)
    client = sign_in("assessor2")
    data = sheet_form(dict(FULL, c2=11, s1="abc"))
    response = client.post(f"/assessments/{project.id}/sheet", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="item has-error" id="item-c2"' in body
    assert 'class="item has-error" id="item-s1"' in body and "abc" in body
    assert 'class="item" id="item-c1"' in body
    assert _points(project.id, "assessor2") == {}
    data = sheet_form(dict(FULL, c1=-1))
    assert client.post(f"/assessments/{project.id}/sheet", data=data).status_code == 400
    assert _points(project.id, "assessor2") == {}


def test_submit_needs_every_item(make_project, sign_in):
    project = make_project(3)
    client = sign_in("assessor2")
    partial = {k: v for k, v in FULL.items() if k != "s3"}
    response = client.post(f"/assessments/{project.id}/sheet",
                           data=sheet_form(partial, action="submit"))
    assert response.status_code == 400 and 'id="item-s3"' in response.get_data(as_text=True)
    sheet = db.session.scalar(select(AssessorSheet).filter_by(
        project_id=project.id, assessor_id=project.sheets[1].assessor_id))
    assert sheet.status == "draft" and not sheet.scores
    # a draft may be partial and is kept
    assert client.post(f"/assessments/{project.id}/sheet",
                       data=sheet_form(partial)).status_code == 302
    assert _points(project.id, "assessor2")["c1"] == 8
    assert "c3" in _points(project.id, "assessor2")  # not applicable is stored as NULL
    assert _points(project.id, "assessor2")["c3"] is None


def test_submitted_sheet_is_locked_until_rescoring_is_requested(make_project, sign_in):
    project = make_project(2)
    pid = project.id
    client = sign_in("assessor2")
    client.post(f"/assessments/{pid}/sheet", data=sheet_form(FULL, action="submit"))
    # locked: changes are refused, with a message, and nothing changes
    response = client.post(f"/assessments/{pid}/sheet",
                           data=sheet_form(dict(FULL, c1=1), action="submit"))
    assert response.status_code == 303
    assert _points(pid, "assessor2")["c1"] == 8
    page = client.get(f"/assessments/{pid}/sheet").get_data(as_text=True)
    assert 'name="points-c1"' not in page
    # the lead submits too, then sends c1 and s2 back to assessor2
    lead = sign_in("assessor")
    lead.post(f"/assessments/{pid}/sheet", data=sheet_form(FULL, action="submit"))
    sheet2 = project.sheets[1]
    assert lead.post(f"/assessments/{pid}/rescore",
                     data={"items": [], "assessors": [sheet2.assessor_id]}).status_code == 400
    assert lead.post(f"/assessments/{pid}/rescore",
                     data={"items": ["c1", "s2"], "assessors": [sheet2.assessor_id],
                           "note": "复核"}).status_code == 302
    client = sign_in("assessor2")
    page = client.get(f"/assessments/{pid}/sheet").get_data(as_text=True)
    assert 'name="points-c1"' in page and 'name="points-s2"' in page
    assert 'name="points-c2"' not in page
    client.post(f"/assessments/{pid}/sheet",
                data=sheet_form(dict(FULL, c1=5, s2=4, c2=0), action="submit"))
    points = _points(pid, "assessor2")
    assert (points["c1"], points["s2"], points["c2"]) == (5, 4, 7)
    db.session.expire_all()
    assert db.session.get(AssessorSheet, sheet2.id).status == "submitted"
    assert set(ITEMS) == set(points)
