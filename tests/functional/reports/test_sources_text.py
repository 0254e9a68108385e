"""The words of a report read from the features' tables: rectifications, conclusions, comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from survey_app.assessments.models import (
    AssessmentProject,
    AssessmentRevision,
    AssessmentSignature,
    AssessorOrganisation,
)
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections.models import Inspection, Rectification
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.reports import data as sources_text
from tests.fixtures.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[3] / "questionnaires"


def _inspection(period):
    version, _ = publish(load_definition(ROOT / "joint_inspection.yaml"))
    inspection = Inspection(community_id=period.community_id, period_id=period.id,
                            questionnaire_version_id=version.id, kind="quarterly",
                            title="三季度联合检查", inspection_date=date(2026, 11, 5),
                            status="signed", revision=1, signed_revision=1)
    db.session.add(inspection)
    db.session.flush()
    for item, status, due in (("cl1", "verified", date(2026, 11, 12)),
                              ("fa1", "open", date(2026, 11, 20)),
                              ("gr1", "reopened", date(2026, 11, 25))):
        db.session.add(Rectification(
            community_id=period.community_id, inspection_id=inspection.id, item_id=item,
            dimension={"c": "cleaning", "f": "facilities", "g": "greening"}[item[0]],
            department="工程部", description=f"{item} 问题，请限期整改", due_date=due,
            status=status))
    db.session.flush()
    return inspection


def test_rectification_status_in_chinese_and_english(scored, as_role):
    inspection = _inspection(scored)
    rows = sources_text.rectification_status(scored.id)
    assert [r["status_key"] for r in rows] == ["reopened", "open", "verified"]  # open work first
    item_text = {i.id: i.text["zh_CN"] for i in inspection.questionnaire.parsed.items()}
    assert rows[1]["title"] == f"{item_text['fa1']}：fa1 问题，请限期整改"
    assert rows[1]["responsible"] == "工程部" and rows[1]["due"] == "2026-11-20"
    english = sources_text.rectification_status(scored.id, "en")
    assert english[1]["item"] != item_text["fa1"] and english[1]["item"]
    assert sources_text.inspection_dates(scored.id) == {inspection.id: "2026-11-05"}
    labels = sources_text.item_labels(scored.id)
    assert labels["inspection"]["fa1"] == item_text["fa1"] and labels["owner"] == {}
    assert [q["source"] for q in sources_text.questionnaire_versions(scored.id)] == [
        "inspection"]
    db.session.commit()
    html = as_role("staff").get(f"/results/{scored.community_id}/{scored.id}").get_data(
        as_text=True)
    assert rows[1]["title"] in html and "已退回整改" in html and "1/3" in html


def test_conclusions_of_the_latest_signed_revision(scored):
    version, _ = publish(load_definition(ROOT / "third_party.yaml"))
    lead = create_user("lead", PASSWORD, "assessor", [scored.community_id])
    org = AssessorOrganisation(name="某某第三方评估有限公司")
    db.session.add(org)
    db.session.flush()
    project = AssessmentProject(community_id=scored.community_id, period_id=scored.id,
                                organisation_id=org.id, questionnaire_version_id=version.id,
                                lead_id=lead.id, status="scoring", revision=0,
                                strengths="草稿，尚未签发")
    db.session.add(project)
    db.session.flush()
    assert sources_text.period_conclusions(scored.id)["strengths"] == []  # never signed off
    for number, problems in ((1, "旧问题"), (2, "- 楼道堆物\n\n- 夜间巡逻签到遗漏")):
        db.session.add(AssessmentRevision(project_id=project.id, number=number,
                                          strengths="保洁规范", problems=problems,
                                          recommendations="电子签到"))
    project.revision = 2
    db.session.flush()
    found = sources_text.period_conclusions(scored.id)
    assert found["problems"] == ["楼道堆物", "夜间巡逻签到遗漏"]
    assert found["strengths"] == ["保洁规范"] and found["organisation"] == "某某第三方评估有限公司"
    assert found["signatures"] == []  # signed off before each assessor signed for themselves


def test_the_pdf_names_each_assessor_who_signed_and_when(app, scored, as_role):
    """Issue 14 item 3: the report shows how and when each assessor signed (local time)."""
    import subprocess
    from datetime import datetime

    from sqlalchemy import select

    from survey_app.reports.models import Report

    version, _ = publish(load_definition(ROOT / "third_party.yaml"))
    lead = create_user("lead", PASSWORD, "assessor", [scored.community_id])
    other = create_user("second", PASSWORD, "assessor", [scored.community_id])
    org = AssessorOrganisation(name="某某第三方评估有限公司")
    db.session.add(org)
    db.session.flush()
    project = AssessmentProject(community_id=scored.community_id, period_id=scored.id,
                                organisation_id=org.id, questionnaire_version_id=version.id,
                                lead_id=lead.id, status="signed", revision=1)
    db.session.add(project)
    db.session.flush()
    db.session.add(AssessmentRevision(project_id=project.id, number=1, strengths="保洁规范",
                                      problems="楼道堆物", recommendations="电子签到"))
    for user, name, at in ((lead, "张评估", datetime(2026, 12, 1, 2, 5)),
                           (other, "王评估", datetime(2026, 12, 1, 3, 40))):
        db.session.add(AssessmentSignature(project_id=project.id, revision=1, user_id=user.id,
                                           name=name, method="account", signed_at=at))
    db.session.commit()
    response = as_role("staff").post(f"/reports/{scored.community_id}/{scored.id}",
                                     data={"language": "zh_CN"})
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    report = db.session.scalar(select(Report).order_by(Report.id.desc()).limit(1))
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                  text=True).stdout.split())
    assert "各评估人员均以本人账号签字" in text
    assert "张评估（2026-12-0110:05）、王评估（2026-12-0111:40）" in text  # Asia/Shanghai


def test_comments_counts_and_improvement_requests(scored, commented):
    assert sources_text.comment_counts(scored.id) == {None: 4}  # the comment item is general
    offered = sources_text.open_comments(scored.id)
    assert sorted(c["text"] for c in offered) == sorted(set(commented))
    assert all(set(c) == {"id", "text", "dimension"} for c in offered)  # no household data
    improve = sources_text.improvement_counts(scored.id)
    assert improve["facilities"] == 2 and improve["cleaning"] == 1 and improve["security"] == 0
