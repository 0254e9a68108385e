"""Publishing freezes definitions; the CLI checks files and exports the schema."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.loader import parse_definition
from survey_app.questionnaires.models import FrozenVersionError, QuestionnaireVersion
from survey_app.questionnaires.services import VersionConflict, publish
from tests.fixtures.factories import login

MINI = """\
key: mini
kind: joint_inspection
version: "1"
title: 检查表
dimensions: [{key: cleaning, label: 清洁卫生}]
sections:
  - id: s1
    title: 公共区域
    dimension: cleaning
    items:
      - id: p1
        type: points
        text: 楼道无垃圾
        max_points: 5
        deduction: {per: 0.5, rule: 每处扣0.5分，扣完为止}
"""


def test_publishing_freezes_a_version_and_refuses_silent_changes():
    version, created = publish(parse_definition(MINI, "mini.yaml"))
    db.session.commit()
    assert created and version.kind == "joint_inspection" and len(version.sha256) == 64
    again, created_again = publish(parse_definition(MINI, "mini.yaml"))
    assert again.id == version.id and not created_again
    with pytest.raises(VersionConflict):
        publish(parse_definition(MINI.replace("楼道无垃圾", "楼道整洁"), "mini.yaml"))
    db.session.rollback()
    stored = db.session.scalar(select(QuestionnaireVersion).filter_by(key="mini"))
    stored.definition = {"tampered": True}
    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(QuestionnaireVersion, version.id).parsed.item("p1").max_points == 5


def test_cli_check_names_each_error_and_exits_nonzero(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.replace("type: points", "type: pionts").replace("max_points: 5", "max_points: -1"),
                   encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(MINI, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["questionnaires", "check", str(bad), str(good)])
    assert result.exit_code == 1
    assert f"{bad}:12 sections[0].items[0].type: 'pionts' is not one of" in result.output
    assert f"{bad}:14 sections[0].items[0].max_points:" in result.output
    ok = runner.invoke(args=["questionnaires", "check", str(good)])
    assert ok.exit_code == 0 and "1 file(s) OK." in ok.output


def test_cli_schema_export_is_json(app, tmp_path):
    out = tmp_path / "schema.json"
    result = app.test_cli_runner().invoke(args=["questionnaires", "schema", "-o", str(out)])
    assert result.exit_code == 0
    assert "sections" in json.loads(out.read_text(encoding="utf-8"))["properties"]


def test_shipped_definitions_pass_the_check(app):
    result = app.test_cli_runner().invoke(args=["questionnaires", "check"])
    assert result.exit_code == 0, result.output


def test_staff_publish_from_the_questionnaires_page(client, users):
    login(client, "staff")
    page = client.get("/questionnaires/")
    assert page.status_code == 200
    response = client.post("/questionnaires/publish/owner_survey.yaml")
    assert response.status_code == 302
    version = db.session.scalar(select(QuestionnaireVersion).filter_by(key="owner_survey"))
    assert version is not None
    assert client.get(f"/questionnaires/{version.id}").status_code == 200
    assert client.post("/questionnaires/publish/nope.yaml").status_code == 302


def test_questionnaire_pages_name_kinds_and_dimensions_in_words(client, users):
    """Staff read 联合检查评分表 and 清洁卫生, not the file keys joint_inspection and cleaning."""
    version, _created = publish(parse_definition(MINI, "mini.yaml"))
    db.session.commit()
    login(client, "staff")
    index = client.get("/questionnaires/").get_data(as_text=True)
    assert "联合检查评分表" in index and "<td>joint_inspection</td>" not in index
    show = client.get(f"/questionnaires/{version.id}").get_data(as_text=True)
    assert "联合检查评分表" in show and "· 清洁卫生" in show and "· cleaning" not in show


def test_item_types_and_conditions_read_in_words(client, users, app):
    """[overall · 量表题] and 仅在满足条件时显示：overall ≤ 3, not likert and a Python dict."""
    from pathlib import Path

    from survey_app.questionnaires.loader import load_definition

    owner = Path(app.config["QUESTIONNAIRES_DIR"]) / "owner_survey.yaml"
    version, _created = publish(load_definition(owner))
    db.session.commit()
    login(client, "staff")
    page = client.get(f"/questionnaires/{version.id}").get_data(as_text=True)
    assert "量表题" in page and "· likert" not in page
    assert "仅在满足条件时显示： overall ≤ 3" in page and "&#39;op&#39;" not in page
