"""Questionnaire definitions: validation errors name file, line and path; show_if; hashing."""

from __future__ import annotations

import json

import pytest

from survey_app.questionnaires.loader import (
    DefinitionError,
    definition_sha256,
    is_visible,
    parse_definition,
)
from survey_app.questionnaires.schema import json_schema

GOOD = """\
key: mini
kind: owner_survey
version: "1"
title: {zh_CN: 小问卷, en: Mini}
dimensions:
  - {key: cleaning, label: {zh_CN: 清洁卫生, en: Cleaning}}
sections:
  - id: s1
    title: 清洁
    dimension: cleaning
    items:
      - id: q1
        type: likert
        text: {zh_CN: 楼道保洁, en: Corridor cleaning}
      - id: q2
        type: text
        text: 哪里不干净？
        show_if: {item: q1, op: lte, value: 2}
"""


def test_a_good_definition_parses_and_inherits_the_section_dimension():
    definition = parse_definition(GOOD, "mini.yaml")
    assert [i.id for i in definition.items()] == ["q1", "q2"]
    assert definition.dimension_of(definition.item("q1")) == "cleaning"
    assert definition.title == {"zh_CN": "小问卷", "en": "Mini"}
    assert definition.item("q2").text == {"zh_CN": "哪里不干净？"}


def test_a_misspelt_type_is_reported_with_file_line_and_path():
    broken = GOOD.replace("type: likert", "type: likret")
    with pytest.raises(DefinitionError) as info:
        parse_definition(broken, "questionnaires/mini.yaml")
    (problem,) = info.value.problems
    assert problem.line == 13
    assert problem.path == "sections[0].items[0].type"
    assert str(problem).startswith(
        "questionnaires/mini.yaml:13 sections[0].items[0].type: 'likret' is not one of")


def test_every_problem_is_listed_not_just_the_first():
    broken = GOOD.replace("type: likert", "type: likret").replace("version: \"1\"\n", "") \
        .replace("op: lte", "op: less")
    with pytest.raises(DefinitionError) as info:
        parse_definition(broken, "f.yaml")
    paths = {p.path for p in info.value.problems}
    assert {"version", "sections[0].items[0].type", "sections[0].items[1].show_if.op"} <= paths


def test_unknown_keys_unknown_dimensions_and_forward_references_are_errors():
    broken = GOOD.replace("dimension: cleaning\n    items", "dimension: cleaning\n    colour: red\n    items")
    with pytest.raises(DefinitionError) as info:
        parse_definition(broken, "f.yaml")
    assert info.value.problems[0].path == "sections[0].colour"
    assert "unknown key" in info.value.problems[0].message

    forward = GOOD.replace("show_if: {item: q1", "show_if: {item: q9").replace(
        "dimension: cleaning\n    items", "dimension: greening\n    items")
    with pytest.raises(DefinitionError) as info:
        parse_definition(forward, "f.yaml")
    problems = {p.path: p for p in info.value.problems}
    assert "not an earlier item" in problems["sections[0].items[1].show_if.item"].message
    assert problems["sections[0].items[1].show_if.item"].line == 18
    assert "unknown dimension 'greening'" in problems["sections[0].dimension"].message


def test_points_items_need_max_points_and_choices_need_options():
    text = GOOD.replace("type: text", "type: points").replace(
        "      - id: q1\n        type: likert", "      - id: q1\n        type: single_choice")
    with pytest.raises(DefinitionError) as info:
        parse_definition(text, "f.yaml")
    messages = " | ".join(p.message for p in info.value.problems)
    assert "needs options" in messages and "needs max_points" in messages


def test_invalid_yaml_reports_its_line():
    with pytest.raises(DefinitionError) as info:
        parse_definition("key: [unclosed\nkind: x\n", "bad.yaml")
    assert info.value.problems[0].line is not None
    assert "not valid YAML" in info.value.problems[0].message


def test_show_if_is_evaluated_against_earlier_answers():
    definition = parse_definition(GOOD, "mini.yaml")
    q2 = definition.item("q2")
    assert is_visible(q2, {"q1": 2}) is True
    assert is_visible(q2, {"q1": 4}) is False
    assert is_visible(q2, {}) is False
    assert is_visible(definition.item("q1"), {}) is True


def test_hash_is_stable_and_changes_with_content():
    one = parse_definition(GOOD, "a.yaml")
    again = parse_definition(GOOD.replace("title: {zh_CN: 小问卷, en: Mini}",
                                          "title: {en: Mini, zh_CN: 小问卷}"), "b.yaml")
    changed = parse_definition(GOOD.replace("楼道保洁", "楼道保洁情况"), "c.yaml")
    assert definition_sha256(one) == definition_sha256(again)
    assert definition_sha256(one) != definition_sha256(changed)


def test_json_schema_export_lists_every_item_type():
    schema = json_schema()
    text = json.dumps(schema)
    for item_type in ("likert", "single_choice", "multi_choice", "nps", "number", "text",
                      "yes_no", "points", "photo"):
        assert f'"{item_type}"' in text
    assert schema["title"] == "survey_app questionnaire definition"
