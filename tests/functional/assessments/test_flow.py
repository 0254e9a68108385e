"""assign → score → submit → review → rescore → sign off → correction, over HTTP."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.assessments.data import load_assessment_data
from survey_app.assessments.models import (
    AssessmentProject,
    AssessmentSignature,
    AssessorSheet,
    SheetScore,
)
from survey_app.assessments.services import period_conclusions
from survey_app.audit import AuditLog
from survey_app.communities.models import Period
from survey_app.extensions import db
from tests.fixtures.assessments import SIGN, sheet_form

SCORES = {
    "assessor": {"c1": 9, "c2": 8, "c3": 7, "s1": 9, "s2": 8.5, "s3": None},
    "assessor2": {"c1": 3, "c2": 7.5, "c3": 7, "s1": 8, "s2": 8, "s3": None},
    "assessor3": {"c1": 8, "c2": 8, "c3": 6, "s1": 9, "s2": 9, "s3": None},
}


def _project_id(period_id):
    return db.session.scalar(select(AssessmentProject.id).filter_by(period_id=period_id))


def test_staff_sets_up_an_assessment(sign_in, period, sheet_version, organisation, assessors):
    client = sign_in("staff")
    page = client.get(f"/assessments/communities/{period.community_id}/periods/{period.id}")
    assert page.status_code == 200 and "评估员2" in page.get_data(as_text=True)
    url = f"/assessments/communities/{period.community_id}/periods/{period.id}/project"
    data = {"organisation": organisation.id, "questionnaire": sheet_version.id,
            "assessors": [assessors[0].id], "lead": assessors[0].id}
    bad = client.post(url, data=data)
    assert bad.status_code == 400
    assert "至少" in bad.get_data(as_text=True) or "at least" in bad.get_data(as_text=True)
    assert _project_id(period.id) is None
    data["assessors"] = [a.id for a in assessors[:3]]
    data["lead"] = assessors[3].id
    assert client.post(url, data=data).status_code == 400
    data["lead"] = assessors[0].id
    response = client.post(url, data=data)
    assert response.status_code == 302
    project = db.session.get(AssessmentProject, _project_id(period.id))
    assert [s.assessor.username for s in project.sheets] == ["assessor", "assessor2", "assessor3"]
    assert project.status == "scoring" and project.lead.username == "assessor"
    # a second project for the same period is refused
    assert client.post(url, data=data).status_code == 400


def _submit_all(sign_in, project_id):
    for username, values in SCORES.items():
        client = sign_in(username)
        assert client.post(f"/assessments/{project_id}/sheet",
                           data=sheet_form(values, action="submit")).status_code == 302


def _countersign(sign_in, pid, usernames=("assessor2", "assessor3"), data=SIGN):
    """The other assigned assessors sign from their own accounts; the last one locks."""
    for username in usernames:
        response = sign_in(username).post(f"/assessments/{pid}/countersign", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_full_flow(sign_in, make_project, period):
    project = make_project(3)
    pid = project.id
    client = sign_in("assessor2")
    # a draft may be partial; it is not visible to anyone else
    r = client.post(f"/assessments/{pid}/sheet", data=sheet_form({"c1": 3}, {"c1": "楼道有杂物"}))
    assert r.status_code == 302
    assert client.get(f"/assessments/{pid}/review").status_code == 403
    _submit_all(sign_in, pid)
    db.session.expire_all()
    project = db.session.get(AssessmentProject, pid)
    assert project.status == "review"
    assert {s.status for s in project.sheets} == {"submitted"}

    client = sign_in("assessor")
    page = client.get(f"/assessments/{pid}/review")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "ICC(2,1)" in body and "ICC(2,k)" in body
    assert 'class="disagree"' in body  # c1: 3 vs 9 out of 10

    # the lead sends c1 back to assessor2 only
    r = client.post(f"/assessments/{pid}/rescore",
                    data={"items": ["c1"], "assessors": [project.sheets[1].assessor_id],
                          "note": "请按标准复核楼道"})
    assert r.status_code == 302
    db.session.expire_all()
    sheet2 = db.session.get(AssessorSheet, project.sheets[1].id)
    assert sheet2.status == "rescore_requested" and sheet2.rescore_items == ["c1"]
    # sign-off is refused while rescoring is open
    conclusions = {"strengths": "保洁到位", "problems": "楼道堆物", "recommendations": "加强巡查", **SIGN}
    assert client.post(f"/assessments/{pid}/sign", data=conclusions).status_code == 400

    client = sign_in("assessor2")
    page = client.get(f"/assessments/{pid}/sheet").get_data(as_text=True)
    assert "请按标准复核楼道" in page
    # c2 is not open for rescoring: its posted value is ignored
    values = dict(SCORES["assessor2"], c1=7, c2=1)
    assert client.post(f"/assessments/{pid}/sheet",
                       data=sheet_form(values, action="submit")).status_code == 302
    db.session.expire_all()
    points = dict(db.session.execute(select(SheetScore.item_id, SheetScore.points)
                                     .filter_by(sheet_id=sheet2.id)).all())
    assert points["c1"] == 7 and points["c2"] == 7.5
    rescored = db.session.scalar(select(AuditLog).filter_by(action="assessment.sheet.rescore"))
    assert rescored.details["changes"] == {"c1": [3.0, 7.0]}

    version_before = db.session.get(Period, period.id).data_version
    client = sign_in("assessor")
    r = client.post(f"/assessments/{pid}/sign", data=conclusions)
    assert r.status_code == 302
    _countersign(sign_in, pid)
    db.session.expire_all()
    project = db.session.get(AssessmentProject, pid)
    assert project.status == "signed" and project.revision == 1
    assert db.session.get(Period, period.id).data_version == version_before + 1
    assert db.session.scalar(select(AuditLog).filter_by(action="assessment.sign_off")) is not None

    conclusions_out = period_conclusions(period.id)
    assert conclusions_out["problems"] == "楼道堆物" and conclusions_out["revision"] == 1
    assert conclusions_out["organisation"] == "某某第三方评估有限公司"

    data = load_assessment_data(period.id)
    assert data.item_ids == ("c1", "c2", "c3", "s1", "s2", "s3")
    assert data.item_dimensions[:3] == ("cleaning",) * 3
    assert data.scores.shape == (6, 3)
    assert list(data.scores[0]) == [9, 7, 8]
    assert all(v != v for v in data.scores[5])  # s3 not applicable for everyone → NaN

    # locked: nobody can change a score after sign-off
    client = sign_in("assessor3")
    r = client.post(f"/assessments/{pid}/sheet", data=sheet_form({"c1": 1}, action="submit"))
    assert r.status_code == 303
    assert load_assessment_data(period.id).scores[0, 2] == 8

    # staff read the signed results with the conclusions
    page = sign_in("staff").get(f"/assessments/{pid}/results").get_data(as_text=True)
    assert "楼道堆物" in page and "ICC(2,k)" in page


def test_correction_is_a_new_signed_revision(sign_in, make_project, period):
    project = make_project(3)
    pid = project.id
    _submit_all(sign_in, pid)
    client = sign_in("assessor")
    conclusions = {"strengths": "好", "problems": "差", "recommendations": "改", **SIGN}
    # c1 (9, 3, 8) is still flagged high disagreement: signing needs an acknowledgement
    refused = client.post(f"/assessments/{pid}/sign", data=conclusions)
    assert refused.status_code == 400 and "楼道清洁" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AssessmentSignature)) == 0
    acknowledged = dict(conclusions, acknowledge="y")
    assert client.post(f"/assessments/{pid}/sign", data=acknowledged).status_code == 302
    assert sign_in("assessor2").post(f"/assessments/{pid}/countersign",
                                     data=SIGN).status_code == 400
    _countersign(sign_in, pid, data=dict(SIGN, acknowledge="y"))
    client = sign_in("assessor")
    assert client.post(f"/assessments/{pid}/reopen", data={"reason": ""}).status_code == 400
    assert client.post(f"/assessments/{pid}/reopen",
                       data={"reason": "c1 录入错误"}).status_code == 302
    sheet2 = db.session.scalar(select(AssessorSheet).filter_by(
        project_id=pid, assessor_id=project.sheets[1].assessor_id))
    client.post(f"/assessments/{pid}/rescore",
                data={"items": ["c1"], "assessors": [sheet2.assessor_id], "note": ""})
    client = sign_in("assessor2")
    client.post(f"/assessments/{pid}/sheet",
                data=sheet_form(dict(SCORES["assessor2"], c1=8), action="submit"))
    # until the correction is signed, the period still uses revision 1
    assert load_assessment_data(period.id).scores[0, 1] == 3
    client = sign_in("assessor")
    assert client.post(f"/assessments/{pid}/sign", data=conclusions).status_code == 302
    _countersign(sign_in, pid)
    db.session.expire_all()
    project = db.session.get(AssessmentProject, pid)
    assert project.revision == 2 and [r.number for r in project.revisions] == [1, 2]
    assert project.revisions[1].reason == "c1 录入错误"
    assert load_assessment_data(period.id).scores[0, 1] == 8
    old = sign_in("committee").get(f"/assessments/{pid}/results?revision=1&lang=en")
    assert old.status_code == 200
    assert "revision 2 is in force" in old.get_data(as_text=True)


def test_conclusions_draft_and_excel_export(sign_in, make_project):
    import io

    from openpyxl import load_workbook

    project = make_project(3)
    pid = project.id
    _submit_all(sign_in, pid)
    client = sign_in("assessor")
    draft = {"strengths": "草稿优点", "problems": "", "recommendations": ""}
    assert client.post(f"/assessments/{pid}/conclusions", data=draft).status_code == 302
    assert "草稿优点" in client.get(f"/assessments/{pid}/review").get_data(as_text=True)
    assert sign_in("assessor2").post(f"/assessments/{pid}/conclusions",
                                     data=draft).status_code == 403
    # nothing to download before sign-off
    assert sign_in("staff").get(f"/assessments/{pid}/results.xlsx").status_code == 404
    client = sign_in("assessor")
    client.post(f"/assessments/{pid}/sign",
                data={"strengths": "草稿优点", "problems": "问题", "recommendations": "建议", **SIGN,
                      "acknowledge": "y"})  # c1 is still flagged: signed knowingly
    _countersign(sign_in, pid, data=dict(SIGN, acknowledge="y"))
    response = sign_in("committee").get(f"/assessments/{pid}/results.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    scores = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(scores) == 1 + 6
    assert scores[1][3:6] == (9, 3, 8)  # c1 by the three assessors
    assert scores[6][3] == "n/a"  # s3 not applicable
    conclusions = list(book.worksheets[2].iter_rows(values_only=True))
    assert conclusions[1][1] == "草稿优点"


def test_staff_change_the_assignment(sign_in, make_project, assessors):
    project = make_project(2)
    pid, url = project.id, f"/assessments/{project.id}/assessors"
    client = sign_in("staff")
    assert client.post(url, data={"action": "add", "user": assessors[2].id}).status_code == 302
    assert client.post(url, data={"action": "add", "user": assessors[2].id}).status_code == 400
    assert client.post(url, data={"action": "remove",
                                  "user": assessors[0].id}).status_code == 400  # the lead
    assert client.post(url, data={"action": "lead", "user": assessors[1].id}).status_code == 302
    # assessor (no longer lead) has not submitted: can be removed
    assert client.post(url, data={"action": "remove", "user": assessors[0].id}).status_code == 302
    db.session.expire_all()
    project = db.session.get(AssessmentProject, pid)
    assert [s.assessor_id for s in project.sheets] == [assessors[1].id, assessors[2].id]
    assert project.lead_id == assessors[1].id
    # two left: removing another would leave one
    assert client.post(url, data={"action": "remove", "user": assessors[2].id}).status_code == 400
    for username in ("assessor2", "assessor3"):
        sign_in(username).post(f"/assessments/{pid}/sheet", data=sheet_form(
            dict(SCORES["assessor"]), action="submit"))
    db.session.expire_all()
    assert db.session.get(AssessmentProject, pid).status == "review"
    # a fourth assessor joins late: back to scoring until they submit
    client = sign_in("committee")
    assert client.post(url, data={"action": "add", "user": assessors[3].id}).status_code == 302
    db.session.expire_all()
    assert db.session.get(AssessmentProject, pid).status == "scoring"
    assert sign_in("assessor2").post(url, data={"action": "add",
                                                "user": assessors[0].id}).status_code == 403
