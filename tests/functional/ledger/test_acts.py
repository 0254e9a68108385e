"""Issue 14, item 4: every act of record appends one ledger entry with the act's facts
(and nothing that identifies an owner), through the pages that perform the acts."""

from __future__ import annotations

import json

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.inspections.models import Rectification
from survey_app.ledger.models import LedgerEntry
from tests.fixtures.acts import take_down, two_party
from tests.fixtures.assessments import SIGN, fill_directly
from tests.fixtures.signing import sign_everyone


def _acts() -> list[tuple[str, str, int | None, dict]]:
    rows = db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq))
    return [(r.act, r.subject_type, r.subject_id, json.loads(r.content)) for r in rows]


def _base(inspection) -> str:
    return f"/inspections/c/{inspection.community_id}/{inspection.id}"


def _score_all(client, inspection, version, finding=None):
    for item in (i for i in version.parsed.items() if i.type == "points"):
        data = {f"{item.id}-mode": "points", f"{item.id}-points": item.max_points}
        if item.id == finding:
            data = {f"{item.id}-mode": "deductions", f"{item.id}-count": 2}
        response = client.post(f"{_base(inspection)}/items/{item.id}", data=data,
                               content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_period_closed_and_reopened(as_role, period, app):
    two_party(as_role, period, "close", proposer="staff", confirmer="committee")
    two_party(as_role, period, "reopen", proposer="committee", confirmer="staff",
              reason="补录纸质问卷")
    acts = _acts()
    assert [(a, t, i) for a, t, i, _c in acts] == [("period.closed", "period", period.id),
                                                  ("period.reopened", "period", period.id)]
    assert acts[0][3]["label"] == "2026-Q4" and acts[0][3]["from"] == "open"
    staff_id = db.session.scalar(select(LedgerEntry.actor_id).where(LedgerEntry.seq == 1))
    assert staff_id is not None
    assert app.test_cli_runner().invoke(args=["ledger", "verify"]).exit_code == 0


def test_results_published_and_withdrawn(as_role, published, results, scored):
    # the act, then the PDF the worker rendered (the test queue runs it at the commit)
    (*_before, (act, subject, subject_id, content),
     (pdf_act, pdf_subject, pdf_subject_id, pdf)) = _acts()
    assert (act, subject, subject_id) == ("results.published", "publication", published.id)
    assert content["composite"] == results[scored.id]["composite"]["score"]
    assert content["numbers_hash"] == published.summary["numbers_hash"]
    assert content["record_id"] == published.record_id and "pdf_sha256" not in content
    assert (pdf_act, pdf_subject, pdf_subject_id) == ("results.pdf_stored", "publication",
                                                      published.id)
    assert len(pdf["pdf_sha256"]) == 64 and pdf["pdf_bytes"] > 10_000
    assert pdf["numbers_hash"] == published.summary["numbers_hash"]
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.act == "results.published"))
    assert pdf["published_entry"] == entry.entry_hash  # the PDF names its act
    take_down(as_role, published, "数据有误，重新核对", proposer="committee", confirmer="staff")
    act, subject, subject_id, content = _acts()[-1]
    assert (act, subject, subject_id) == ("results.withdrawn", "publication", published.id)
    assert content["reason"] == "数据有误，重新核对"


def test_inspection_signed_and_rectification_verified(as_role, inspection, checklist_version):
    client = as_role("committee")
    for name, org, role in (("李主任", "committee", "业委会主任"), ("赵经理", "company", "项目经理")):
        assert client.post(f"{_base(inspection)}/participants",
                           data={"name": name, "organisation": org, "role": role}).status_code == 302
    _score_all(client, inspection, checklist_version, finding="cl4")
    assert client.post(f"{_base(inspection)}/items/cl4/rectify",
                       data={"department": "环境部", "description": "垃圾房满溢",
                             "severity": "major"}).status_code == 302
    sign_everyone(as_role, inspection)
    signed = [a for a in _acts() if a[0] == "inspection.signed"]
    assert len(signed) == 1
    _act, subject, subject_id, content = signed[0]
    assert (subject, subject_id, content["revision"]) == ("inspection", inspection.id, 1)
    assert [s["name"] for s in content["signers"]] == ["李主任", "赵经理"]
    assert {s["method"] for s in content["signers"]} == {"link"}
    assert all(len(s["image_sha256"]) == 64 for s in content["signers"])
    assert content["totals"]["total"] is not None

    rect = db.session.scalar(select(Rectification))
    rurl = f"/inspections/c/{inspection.community_id}/rectifications/{rect.id}"
    staff = as_role("staff")
    assert staff.post(f"{rurl}/submit", data={"note": "已清运"}).status_code == 302
    assert [a for a in _acts() if a[0] == "rectification.verified"] == []
    committee = as_role("committee")
    assert committee.post(f"{rurl}/review", data={"action": "verify",
                                                  "note": "复查合格"}).status_code == 302
    act, subject, subject_id, content = _acts()[-1]
    assert (act, subject, subject_id) == ("rectification.verified", "rectification", rect.id)
    assert content["item_id"] == "cl4" and content["department"] == "环境部"
    assert "description" not in content  # free text may name a household: not in the ledger


def test_assessment_signed(as_role, project, users):
    from tests.fixtures.assessments import ITEMS

    fill_directly(project, [[7.5, 8] for _ in ITEMS])
    client = as_role("assessor")
    response = client.post(f"/assessments/{project.id}/sign",
                           data={"strengths": "保洁到位", "problems": "楼道堆物",
                                 "recommendations": "加强巡查", **SIGN})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert [a for a in _acts() if a[0] == "assessment.signed"] == []  # one of two signed
    second = as_role("assessor2")
    assert second.post(f"/assessments/{project.id}/countersign", data=SIGN).status_code == 302
    act, subject, subject_id, content = _acts()[-1]
    lead, other = users["assessor"].id, next(s.assessor_id for s in project.sheets
                                             if s.assessor_id != users["assessor"].id)
    assert [s["user_id"] for s in content["signers"]] == [lead, other]
    assert (act, subject, subject_id) == ("assessment.signed", "assessment_project", project.id)
    assert content["revision"] == 1 and content["scores"] == 2 * len(ITEMS)
    assert content["signed_by_id"] == users["assessor"].id
    assert len(content["scores_sha256"]) == 64 and "保洁到位" not in json.dumps(content)


def test_a_refused_act_appends_nothing(as_role, period):
    client = as_role("staff")
    url = f"/communities/{period.community_id}/periods/{period.id}/status"
    assert client.post(url, data={"status": "draft"}).status_code == 303  # open → draft: no
    assert _acts() == []
