"""Third-party sign-off, each assessor for themselves: the lead first with the conclusions,
then every other assigned assessor from their own login; the last signature locks."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.assessments.models import AssessmentProject, AssessmentSignature
from survey_app.extensions import db
from tests.fixtures.assessments import SIGN

from .test_flow import _submit_all

CONCLUSIONS = {"strengths": "保洁到位", "problems": "楼道堆物", "recommendations": "加强巡查", **SIGN}
#: the shared scores leave c1 flagged high disagreement: each signer acknowledges it
ACK = dict(SIGN, acknowledge="y")
CONCLUSIONS = dict(CONCLUSIONS, **ACK)


def _signatures() -> int:
    return db.session.scalar(select(func.count(AssessmentSignature.id)))


def test_each_assessor_signs_for_themselves_and_the_last_locks(sign_in, make_project):
    pid = make_project(3).id
    _submit_all(sign_in, pid)
    # nobody signs before the lead has signed the conclusions
    early = sign_in("assessor2").post(f"/assessments/{pid}/countersign", data=ACK)
    assert early.status_code == 400 and "组长" in early.get_data(as_text=True)
    assert _signatures() == 0
    assert sign_in("assessor").post(f"/assessments/{pid}/sign", data=CONCLUSIONS).status_code \
        == 302
    project = db.session.get(AssessmentProject, pid)
    assert project.status == "review" and _signatures() == 1
    # an assessor not assigned to the project cannot sign; the staff cannot either
    assert sign_in("assessor4").post(f"/assessments/{pid}/countersign", data=ACK).status_code == 403
    assert sign_in("staff").post(f"/assessments/{pid}/countersign", data=ACK).status_code == 403
    client = sign_in("assessor2")
    assert "/countersign" in client.get(f"/assessments/{pid}/review").get_data(as_text=True)
    assert client.post(f"/assessments/{pid}/countersign", data=ACK).status_code == 302
    twice = client.post(f"/assessments/{pid}/countersign", data=ACK)
    assert twice.status_code == 400 and "已签字" in twice.get_data(as_text=True)
    assert sign_in("assessor3").post(f"/assessments/{pid}/countersign", data=ACK).status_code == 302
    db.session.expire_all()
    project = db.session.get(AssessmentProject, pid)
    assert project.status == "signed" and project.revision == 1
    assert _signatures() == 3
    late = sign_in("assessor3").post(f"/assessments/{pid}/countersign", data=ACK)
    assert late.status_code == 400 and "已签署并锁定" in late.get_data(as_text=True)
    assert _signatures() == 3
    page = sign_in("committee").get(f"/assessments/{pid}/results?lang=en").get_data(as_text=True)
    assert "from their own account" in page and "评估员2" in page and "评估员3" in page


def test_once_the_lead_signed_nothing_signed_can_change(sign_in, make_project):
    project = make_project(3)
    pid = project.id
    _submit_all(sign_in, pid)
    client = sign_in("assessor")
    assert client.post(f"/assessments/{pid}/sign", data=CONCLUSIONS).status_code == 302
    changed = client.post(f"/assessments/{pid}/conclusions",
                          data={**CONCLUSIONS, "problems": "别的"}, follow_redirects=True)
    assert "已开始签字" in changed.get_data(as_text=True)
    rescore = client.post(f"/assessments/{pid}/rescore",
                          data={"items": ["c1"], "assessors": [project.sheets[1].assessor_id]})
    assert rescore.status_code == 400
    db.session.expire_all()
    project = db.session.get(AssessmentProject, pid)
    assert project.problems == "楼道堆物"
    assert all(s.status == "submitted" for s in project.sheets)


def test_the_lead_cannot_sign_without_conclusions(sign_in, make_project):
    pid = make_project(3).id
    _submit_all(sign_in, pid)
    response = sign_in("assessor").post(f"/assessments/{pid}/sign",
                                        data={**CONCLUSIONS, "problems": ""})
    assert response.status_code == 400 and _signatures() == 0
