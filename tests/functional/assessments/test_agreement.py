"""Agreement and M4 scores on Shrout & Fleiss (1979) data, through the review pipeline."""

from __future__ import annotations

import pytest

from survey_app.assessments import review, scoring
from survey_app.assessments.data import load_assessment_data
from survey_app.extensions import db
from tests.fixtures.assessments import SHROUT_FLEISS, fill_directly


def test_shrout_fleiss_agreement_on_the_review(make_project):
    project = make_project(4)
    fill_directly(project, SHROUT_FLEISS)
    assert project.status == "review"
    analysis = review.analyse(project, *review.live_scores(project))
    a = analysis.agreement
    assert a.n_items == 6 and a.n_assessors == 4
    assert a.icc_2_1 == pytest.approx(0.29, abs=0.005)
    assert a.icc_2_k == pytest.approx(0.62, abs=0.005)
    # Kendall's W by hand: rank sums 17, 6, 19, 7.5, 23.5, 11 → S = 239.5; ties T = 30;
    # W = 12·239.5 / (4²·(6³−6) − 4·30) = 2874 / 3240
    assert a.kendall_w == pytest.approx(2874 / 3240, abs=1e-9)
    assert a.low  # ICC(2,k) < 0.75
    # M4: S_3rd,d = 100·Σ ā_i / Σ m_i; cleaning ā = 6, 3, 6.5; security ā = 4, 7.5, 4.75
    assert analysis.dimensions["cleaning"].score == pytest.approx(100 * 15.5 / 30)
    assert analysis.dimensions["security"].score == pytest.approx(100 * 16.25 / 30)
    assert analysis.total == pytest.approx(100 * 31.75 / 60)
    first = analysis.rows[0]
    assert (first.low, first.high, first.mean) == (2, 9, 6)
    assert first.sd == pytest.approx(3.162278, abs=1e-6)  # sd of 9, 2, 5, 8
    assert analysis.n_disagree == 6  # every range is ≥ 4 of 10 points


def test_review_page_shows_the_numbers(make_project, sign_in):
    project = make_project(4)
    fill_directly(project, SHROUT_FLEISS)
    body = sign_in("assessor").get(f"/assessments/{project.id}/review").get_data(as_text=True)
    assert "0.29" in body and "0.62" in body and "0.89" in body
    assert "0.75" in body  # the low-agreement warning names the threshold


def test_signed_data_reaches_the_source_loader(make_project, period):
    project = make_project(4)
    fill_directly(project, SHROUT_FLEISS)
    assert load_assessment_data(period.id) is None  # not signed yet
    review.sign_off(project, strengths="s", problems="p", recommendations="r")
    db.session.commit()
    data = load_assessment_data(period.id)
    assert data.scores.tolist() == [list(map(float, row)) for row in SHROUT_FLEISS]
    assert list(data.max_points) == [10.0] * 6


def test_agreement_needs_two_complete_items(make_project):
    project = make_project(2)
    matrix = [(5, 5), (None, 6), (None, None), (None, None), (None, None), (None, None)]
    for column, sheet in enumerate(project.sheets):
        entries = {item: scoring.Entry(points="" if row[column] is None else str(row[column]),
                                       na=row[column] is None)
                   for item, row in zip(("c1", "c2", "c3", "s1", "s2", "s3"), matrix,
                                        strict=True)}
        scoring.save_sheet(sheet, entries, submit=True)
    analysis = review.analyse(project, *review.live_scores(project))
    assert analysis.agreement.icc_2_k is None
    assert analysis.agreement.reason == "fewer_than_2_items"
    assert analysis.rows[1].disagree  # one says not applicable, the other gives points
    assert analysis.dimensions["security"] is None


def test_a_signed_revision_cannot_be_changed(make_project):
    from survey_app.assessments.models import SignedRevisionError

    project = make_project(4)
    fill_directly(project, SHROUT_FLEISS)
    revision = review.sign_off(project, strengths="s", problems="p", recommendations="r")
    db.session.commit()
    revision.scores[0].points = 0
    with pytest.raises(SignedRevisionError):
        db.session.flush()
    db.session.rollback()
    revision.problems = "改写"
    with pytest.raises(SignedRevisionError):
        db.session.commit()
    db.session.rollback()
