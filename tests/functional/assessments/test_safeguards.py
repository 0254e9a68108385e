"""Safeguards on the sheet and the sign-off (issue 16 item 14): submitting says that it locks
and needs a tick, a refused save keeps the chosen photos, an item scored by 1 of 3 assessors
against 2 "not applicable" is disputed and not scored."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select

from survey_app.assessments import review
from survey_app.assessments.data import load_assessment_data
from survey_app.assessments.models import AssessorSheet, SheetPhoto, SheetScore
from survey_app.extensions import db
from survey_app.stats.items import third_party_items
from survey_app.stats.third_party import disputed_items, third_party_dimension_scores
from tests.fixtures.assessments import ITEMS, SIGN, fill_directly, sheet_form

FULL = {"c1": 8, "c2": 7, "c3": None, "s1": 9, "s2": 6.5, "s3": 10}


def _jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 30)).save(out, "JPEG")
    out.seek(0)
    return out


def _sheet(project_id, username) -> AssessorSheet:
    return db.session.scalar(select(AssessorSheet).where(
        AssessorSheet.project_id == project_id,
        AssessorSheet.assessor.has(username=username)))


def test_submit_says_it_locks_and_needs_the_tick(make_project, sign_in):
    project = make_project(3)
    client = sign_in("assessor2")
    page = client.get(f"/assessments/{project.id}/sheet").get_data(as_text=True)
    assert 'name="confirm_submit"' in page and "锁定" in page
    data = sheet_form(FULL, action="submit")
    del data["confirm_submit"]
    refused = client.post(f"/assessments/{project.id}/sheet", data=data)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "勾选" in body
    assert 'value="6.5"' in body  # what was typed comes back
    db.session.expire_all()
    sheet = _sheet(project.id, "assessor2")
    assert sheet.status == "draft" and sheet.scores == []
    assert client.post(f"/assessments/{project.id}/sheet",
                       data=sheet_form(FULL, action="submit")).status_code == 302
    db.session.expire_all()
    assert _sheet(project.id, "assessor2").status == "submitted"


def test_a_refused_save_keeps_the_chosen_photos(make_project, sign_in):
    project = make_project(3)
    client = sign_in("assessor2")
    data = sheet_form(dict(FULL, c2=11))  # c2 above its maximum: the save is refused
    data["photo-c1"] = (_jpeg(), "楼道.jpg")
    response = client.post(f"/assessments/{project.id}/sheet", data=data,
                           content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "照片" in body and "/assessments/photos/" in body
    db.session.expire_all()
    sheet = _sheet(project.id, "assessor2")
    assert [link.item_id for link in db.session.scalars(
        select(SheetPhoto).filter_by(sheet_id=sheet.id))] == ["c1"]
    assert db.session.scalar(select(func.count()).select_from(SheetScore)) == 0
    # the corrected save keeps the photo and stores the points
    assert client.post(f"/assessments/{project.id}/sheet",
                       data=sheet_form(FULL)).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(SheetPhoto)) == 1


def test_one_of_three_scoring_against_two_not_applicable_is_disputed():
    scores = np.array([[6.0, np.nan, np.nan],    # 1 of 3: disputed
                       [6.0, 8.0, np.nan],       # 2 of 3: scored
                       [np.nan] * 3,             # not applicable
                       [5.0, 5.0, 5.0]])
    assert disputed_items(scores).tolist() == [True, False, False, False]
    assert disputed_items(np.array([[4.0, np.nan]])).tolist() == [False]  # a tie is scored


def test_disputed_item_is_flagged_and_left_out_of_the_score(make_project, sign_in, period):
    project = make_project(3)
    fill_directly(project, [[4, None, None], [8, 8, 8], [None, None, None],
                            [9, 9, 9], [7, 7, 7], [6, 6, 6]])
    assessors, matrix = review.live_scores(project)
    analysis = review.analyse(project, assessors, matrix)
    row = analysis.rows[0]
    assert row.disputed and row.disagree and row.mean is None
    # cleaning = c2 only (c1 disputed, c3 not applicable): 100 × 8 / 10
    assert analysis.dimensions["cleaning"].score == pytest.approx(80.0)
    assert analysis.total == pytest.approx(100 * 30 / 40)
    page = sign_in("assessor").get(f"/assessments/{project.id}/review").get_data(as_text=True)
    assert "有争议" in page
    # signing needs the acknowledgement; with it the results leave the item out too
    client = sign_in("assessor")
    conclusions = {"strengths": "好", "problems": "差", "recommendations": "改", **SIGN}
    assert client.post(f"/assessments/{project.id}/sign", data=conclusions).status_code == 400
    assert client.post(f"/assessments/{project.id}/sign",
                       data=dict(conclusions, acknowledge="y")).status_code == 302
    for name in ("assessor2", "assessor3"):
        assert sign_in(name).post(f"/assessments/{project.id}/countersign",
                                  data=dict(SIGN, acknowledge="y")).status_code == 302
    data = load_assessment_data(period.id)
    scores = third_party_dimension_scores(data, ["cleaning", "security"])
    assert scores["cleaning"].score == pytest.approx(80.0) and scores["cleaning"].n_items == 1
    item = next(i for i in third_party_items(data) if i.item == "c1")
    assert item.mean is None and item.n == 0
    assert ITEMS[0] == "c1"


def test_countersign_needs_the_confirmation(make_project, sign_in):
    project = make_project(2)
    fill_directly(project, [[8, 8] for _ in ITEMS])
    conclusions = {"strengths": "好", "problems": "差", "recommendations": "改"}
    client = sign_in("assessor")
    refused = client.post(f"/assessments/{project.id}/sign", data=conclusions)
    assert refused.status_code == 400 and "锁定" in refused.get_data(as_text=True)
    assert client.post(f"/assessments/{project.id}/sign",
                       data=dict(conclusions, **SIGN)).status_code == 302
    other = sign_in("assessor2")
    assert other.post(f"/assessments/{project.id}/countersign").status_code == 400
    assert other.post(f"/assessments/{project.id}/countersign", data=SIGN).status_code == 302
