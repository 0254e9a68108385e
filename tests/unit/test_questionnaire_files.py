"""The shipped questionnaire definitions and scoring schemes under questionnaires/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from survey_app.questionnaires.loader import (
    check_files,
    definition_files,
    is_visible,
    load_definition,
)
from survey_app.stats.inputs import Scheme, check_scheme_against

ROOT = Path(__file__).resolve().parents[2] / "questionnaires"
DEFINITIONS = definition_files(ROOT)
SCHEMES = sorted((ROOT / "schemes").glob("*.yaml"))
FIVE = {"cleaning", "greening", "security", "facilities", "service"}
#: GB/T 45698-2025 level-1 nodes that the owner survey does not ask about (normalised away)
NO_DATA_LEAVES = {"gbt45698": {"brand", "expectation", "value"}}


def _texts(node, path="$"):
    """Every i18n text map (a dict with a zh_CN key) in a nested structure, with its path."""
    if isinstance(node, dict):
        if "zh_CN" in node:
            yield path, node
            return
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


def _load(name):
    return load_definition(ROOT / f"{name}.yaml")


def _scheme(path):
    return Scheme.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_expected_files_are_there():
    assert {p.stem for p in DEFINITIONS} >= {"owner_survey", "joint_inspection", "third_party"}
    assert {p.stem for p in SCHEMES} >= {"default", "gbt45698"}


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_every_definition_loads(path):
    definition = load_definition(path)
    assert definition.key == path.stem
    assert set(definition.dimension_keys()) == FIVE


def test_the_cli_check_finds_no_problem():
    assert check_files(DEFINITIONS) == []


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_every_definition_text_has_chinese_and_english(path):
    dumped = load_definition(path).model_dump(mode="json", exclude_none=True)
    texts = list(_texts(dumped))
    assert texts
    for where, text in texts:
        assert set(text) == {"zh_CN", "en"}, where
        assert text["zh_CN"].strip() and text["en"].strip(), where


def test_owner_survey_covers_five_dimensions_with_likert_items():
    survey = _load("owner_survey")
    assert survey.kind == "owner_survey"
    likert = [i for i in survey.items() if i.type == "likert" and i.role != "overall"]
    assert 20 <= len(likert) <= 30
    per_dimension = {d: [i for i in likert if survey.dimension_of(i) == d] for d in FIVE}
    assert all(len(items) >= 3 for items in per_dimension.values()), per_dimension
    assert all(i.required and i.allow_na for i in likert)
    assert all(survey.points_of(i) == 5 for i in likert)


def test_owner_survey_likert_labels_run_from_very_dissatisfied_to_very_satisfied():
    labels = [label["zh_CN"] for label in _load("owner_survey").likert_labels]
    assert labels == ["非常不满意", "不满意", "一般", "满意", "非常满意"]


def test_owner_survey_has_one_overall_item_an_nps_and_an_optional_comment():
    survey = _load("owner_survey")
    overall = [i for i in survey.items() if i.role == "overall"]
    assert len(overall) == 1
    assert overall[0].type == "likert" and overall[0].required
    assert survey.dimension_of(overall[0]) is None
    assert [i.id for i in survey.items() if i.type == "nps"] == ["nps"]
    comments = [i for i in survey.items() if i.role == "comment"]
    assert len(comments) == 1 and comments[0].type == "text" and not comments[0].required


def test_owner_survey_improvement_question_shows_only_after_a_low_overall_score():
    improve = _load("owner_survey").item("improve")
    assert improve.type == "multi_choice" and not improve.required
    assert is_visible(improve, {"overall": 3})
    assert is_visible(improve, {"overall": 1})
    assert not is_visible(improve, {"overall": 4})
    assert not is_visible(improve, {})


@pytest.mark.parametrize("name", ["joint_inspection", "third_party"])
def test_score_sheets_total_100_points_over_five_dimensions(name):
    sheet = _load(name)
    assert sheet.kind == name
    items = sheet.items()
    assert all(i.type == "points" for i in items)
    assert sum(i.max_points for i in items) == pytest.approx(100)
    assert {sheet.dimension_of(i) for i in items} == FIVE


@pytest.mark.parametrize("name", ["joint_inspection", "third_party"])
def test_score_sheet_items_state_their_standard_and_deduction(name):
    for item in _load(name).items():
        assert item.standard and item.standard.get("en"), item.id
        assert item.deduction is not None and item.deduction.rule, item.id
        assert item.deduction.per <= item.max_points, item.id
        if item.pass_line is not None:
            assert 0 < item.pass_line <= item.max_points, item.id


def test_joint_inspection_sections_have_four_to_six_items():
    for section in _load("joint_inspection").sections:
        assert 4 <= len(section.items) <= 6, section.id


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.name)
def test_every_scheme_loads_and_its_leaves_match_the_owner_survey(path):
    scheme = _scheme(path)
    assert scheme.key == path.stem
    survey_dims = {_load("owner_survey").dimension_of(i) for i in _load("owner_survey").items()}
    survey_dims.discard(None)
    assert survey_dims == FIVE
    no_data = NO_DATA_LEAVES.get(scheme.key, set())
    assert set(scheme.leaf_keys()) == survey_dims | no_data
    check_scheme_against(scheme, survey_dims, allow_unused_leaves=bool(no_data))
    assert sum(scheme.global_weights().values()) == pytest.approx(1)


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.name)
def test_every_scheme_text_has_chinese_and_english(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = [("$.label", raw["label"])]
    labels += [(f"$.bands.{b['key']}", b["label"]) for b in raw["bands"]]
    labels += [(f"$.dimensions.{n.key}", n.label) for n in _scheme(path).nodes()]
    for where, label in labels:
        assert isinstance(label, dict) and set(label) == {"zh_CN", "en"}, where
        assert label["zh_CN"].strip() and label["en"].strip(), where


def test_default_scheme_follows_the_method():
    scheme = _scheme(ROOT / "schemes" / "default.yaml")
    assert scheme.weight_method == "direct"
    assert scheme.global_weights() == pytest.approx(dict.fromkeys(FIVE, 0.2))
    assert scheme.source_weights == pytest.approx(
        {"owner": 0.4, "inspection": 0.3, "third_party": 0.3})
    assert [(b.label["zh_CN"], b.min_score) for b in scheme.bands] == [
        ("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)]
    assert scheme.grade(89.9).key == "good" and scheme.grade(59.9).key == "fail"


def test_gbt45698_scheme_weights_service_quality_at_70_percent():
    scheme = _scheme(ROOT / "schemes" / "gbt45698.yaml")
    level1 = {n.key: n.weight for n in scheme.dimensions}
    assert level1 == pytest.approx(
        {"brand": 0.1, "expectation": 0.1, "quality": 0.7, "value": 0.1})
    quality = next(n for n in scheme.dimensions if n.key == "quality")
    assert {c.key for c in quality.children} == FIVE
    weights = scheme.global_weights()
    assert sum(weights[d] for d in FIVE) == pytest.approx(0.7)
