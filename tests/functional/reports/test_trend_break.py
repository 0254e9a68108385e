"""The PDF report's trend section warns where the questionnaires changed and its chart marks
the break, as the results page does."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.schema import Definition
from survey_app.questionnaires.services import publish
from survey_app.reports.models import Report
from survey_app.surveys.models import Survey

OWNER_YAML = Path(__file__).resolve().parents[3] / "questionnaires" / "owner_survey.yaml"


def _older_survey(period) -> None:
    """The period before used the owner questionnaire without 灭鼠 (cl5)."""
    current, _created = publish(load_definition(OWNER_YAML))
    definition = copy.deepcopy(current.definition)
    definition["version"] = "2025.4"
    assert definition["sections"][0]["items"].pop()["id"] == "cl5"
    older, _created = publish(Definition.model_validate(definition))
    db.session.add(Survey(community_id=period.community_id, period_id=period.id,
                          questionnaire_version_id=older.id, token="older-survey",
                          access_mode="codes", status="closed"))
    db.session.commit()


def _report_text(app, client, period, tmp_path) -> str:
    response = client.post(f"/reports/{period.community_id}/{period.id}",
                           data={"language": "zh_CN"})
    assert response.status_code == 302
    report = db.session.scalar(select(Report).order_by(Report.id.desc()))
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    # the trend section's page, as an image for a look (tests/… keeps none)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")],
                   check=True)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True).stdout


def test_report_warns_and_marks_the_break(app, as_role, scored, commented, tmp_path):
    older = next(p for p in scored.community.periods if p.label == "2026-Q3")
    _older_survey(older)
    text = _report_text(app, as_role("staff"), scored, tmp_path).replace("\n", "")
    assert "2026-Q3与2026-Q4之间测评问卷（检查表）有变化" in text
    assert "新增题目“灭鼠、灭蚊蝇等消杀工作”" in text
    assert "问卷变更" in text  # the label of the dashed line in the trend chart


def test_report_without_a_change_has_no_warning(app, as_role, scored, commented, tmp_path):
    text = _report_text(app, as_role("staff"), scored, tmp_path)
    assert "不完全可比" not in text and "问卷变更" not in text
