"""Answer checking without the database (survey_app.surveys.questions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.questionnaires.loader import load_definition
from survey_app.surveys import questions
from survey_app.surveys.questions import Parsed

OWNER_YAML = Path(__file__).resolve().parents[3] / "questionnaires" / "owner_survey.yaml"


@pytest.fixture(scope="module")
def definition():
    return load_definition(OWNER_YAML)


@pytest.fixture(autouse=True)
def _request_context(app):
    """gettext needs an application context for the error messages."""
    with app.test_request_context():
        yield


def _last_section(definition):
    return questions.answerable_items(definition, len(definition.sections) - 1)


def test_likert_values_na_and_out_of_range(definition):
    item = definition.item("cl1")
    assert questions.parse_one(definition, item, ["5"]) == (Parsed(value=5.0), None)
    assert questions.parse_one(definition, item, ["na"]) == (Parsed(is_na=True), None)
    assert questions.parse_one(definition, item, [""]) == (None, None)
    for bad in (["0"], ["6"], ["2.5"], ["x"], ["nan"], ["inf"], ["1", "2"]):
        parsed, error = questions.parse_one(definition, item, bad)
        assert parsed is None and error, bad


def test_overall_does_not_allow_na_and_nps_range(definition):
    assert questions.parse_one(definition, definition.item("overall"), ["na"])[1]
    nps = definition.item("nps")
    assert questions.parse_one(definition, nps, ["0"])[0] == Parsed(value=0.0)
    assert questions.parse_one(definition, nps, ["10"])[0] == Parsed(value=10.0)
    assert questions.parse_one(definition, nps, ["11"])[1]


def test_multi_choice_keeps_option_order_and_refuses_unknown(definition):
    item = definition.item("improve")
    assert questions.parse_one(definition, item, ["fees", "cleaning"])[0].text == "cleaning,fees"
    assert questions.parse_one(definition, item, ["cleaning", "cleaning"])[1]
    assert questions.parse_one(definition, item, ["garden"])[1]


def test_show_if_drops_hidden_answers_and_requires_visible(definition):
    items = _last_section(definition)
    form = {"q_overall": ["5"], "q_nps": ["9"], "q_improve": ["fees"]}
    answers, errors = questions.parse_items(definition, items, form, {})
    assert not errors and "improve" not in answers
    answers, errors = questions.parse_items(definition, items, {**form, "q_overall": ["2"]}, {})
    assert answers["improve"].text == "fees"
    answers, errors = questions.parse_items(definition, items, {"q_nps": ["9"]}, {})
    assert set(errors) == {"overall"}


def test_unknown_fields_are_refused(definition):
    items = _last_section(definition)
    _answers, errors = questions.parse_items(
        definition, items, {"q_overall": ["4"], "q_nps": ["9"], "q_cl1": ["4"]}, {})
    assert "cl1" in errors


def test_missing_required_over_the_whole_questionnaire(definition):
    answers = {item.id: Parsed(value=4.0) for item in questions.answerable_items(definition)
               if item.type == "likert"}
    missing = [i.id for i in questions.missing_required(definition, answers)]
    assert missing == ["nps"]
