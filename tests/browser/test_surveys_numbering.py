"""Question numbers stay consecutive when show_if hides a question (found by the QA walk-through)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services
from survey_app.surveys.models import AccessCode
from tests.fixtures.factories import make_community, make_period

OWNER_YAML = Path(__file__).resolve().parents[2] / "questionnaires" / "owner_survey.yaml"


@pytest.fixture
def code():
    version, _created = publish(load_definition(OWNER_YAML))
    survey = services.publish_survey(make_period(make_community()), version.id, "codes")
    db.session.commit()
    return db.session.scalar(select(AccessCode.code).filter_by(survey_id=survey.id).limit(1))


def _numbers(page) -> list[str]:
    return [t.strip() for t in page.locator("fieldset.q:visible legend .qn").all_inner_texts()]


@pytest.mark.browser
def test_numbers_close_the_gap_of_a_hidden_question(live, code, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/c/{code}/all")
    improve = page.locator("#q-improve")
    assert improve.is_hidden()
    numbers = _numbers(page)
    assert len(numbers) > 20 and numbers == [f"{i}." for i in range(1, len(numbers) + 1)]
    page.locator('input[name="q_overall"][value="2"]').locator("xpath=..").click()
    assert improve.is_visible()
    assert _numbers(page) == [f"{i}." for i in range(1, len(numbers) + 2)]
    context.close()


@pytest.mark.browser
def test_numbers_without_javascript_are_the_servers(live, code, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/c/{code}/all")
    numbers = _numbers(page)
    assert page.locator("#q-improve").is_visible()
    assert numbers == [f"{i}." for i in range(1, len(numbers) + 1)]
    context.close()
