"""The owner survey in Chromium at 360×740, with JavaScript off and on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services
from survey_app.surveys.models import AccessCode, Answer, Response
from tests.fixtures.factories import make_community, make_period

OWNER_YAML = Path(__file__).resolve().parents[2] / "questionnaires" / "owner_survey.yaml"
SHOTS = Path("/tmp/survey_shots")


@pytest.fixture
def codes():
    version, _created = publish(load_definition(OWNER_YAML))
    community = make_community()
    survey = services.publish_survey(make_period(community), version.id, "codes")
    db.session.commit()
    return list(db.session.scalars(select(AccessCode.code).filter_by(survey_id=survey.id)
                                   .order_by(AccessCode.id)))


def _fill_likert_pages(page, value: str) -> None:
    """Answer the five Likert sections by clicking the big labelled options."""
    for _section in range(5):
        for radio in page.locator(f'input[type=radio][value="{value}"]').all():
            radio.locator("xpath=..").click()
        page.get_by_role("button").last.click()


def _assert_fits(page) -> None:
    # a click that navigates returns before the new document exists: wait for it, or a
    # loaded machine reads documentElement of no document
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _stored(item_id: str):
    db.session.expire_all()
    return db.session.scalar(select(Answer).filter_by(item_id=item_id)
                             .order_by(Answer.id.desc()).limit(1))


@pytest.mark.browser
def test_survey_without_javascript(live, codes, browser):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/c/{codes[0]}")
    page.locator("a.btn").first.click()
    _assert_fits(page)
    page.screenshot(path=str(SHOTS / "page1-nojs.png"), full_page=True)
    page.locator('input[name="q_cl1"][value="5"]').locator("xpath=..").click()
    page.get_by_role("button").last.click()  # a required question is missing
    assert page.locator("p.err").count() >= 1
    page.screenshot(path=str(SHOTS / "page1-error.png"), full_page=True)
    for radio in page.locator('input[type=radio][value="4"]').all():
        radio.locator("xpath=..").click()
    page.get_by_role("button").last.click()
    for _section in range(4):
        for radio in page.locator('input[type=radio][value="4"]').all():
            radio.locator("xpath=..").click()
        page.get_by_role("button").last.click()
    # last page: without JavaScript the conditional question is shown with a hint
    assert page.locator("#q-improve").is_visible()
    page.locator('input[name="q_overall"][value="2"]').locator("xpath=..").click()
    page.locator('input[name="q_nps"][value="6"]').locator("xpath=..").click()
    page.locator('input[name="q_improve"][value="facilities"]').locator("xpath=..").click()
    page.locator('textarea[name="q_comment"]').fill("希望电梯维修更及时")
    page.screenshot(path=str(SHOTS / "last-nojs.png"), full_page=True)
    page.get_by_role("button").last.click()
    assert "/done" in page.url
    page.screenshot(path=str(SHOTS / "done.png"), full_page=True)
    assert _stored("improve").text == "facilities"
    assert _stored("comment").text == "希望电梯维修更及时"
    page.goto(f"{live}/c/{codes[0]}")
    assert page.locator(".ok h1").count() == 1  # already submitted
    context.close()


@pytest.mark.browser
def test_survey_with_javascript(live, codes, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/c/{codes[1]}/1")
    _fill_likert_pages(page, "5")
    improve = page.locator("#q-improve")
    assert improve.is_hidden()
    page.locator('input[name="q_overall"][value="5"]').locator("xpath=..").click()
    assert improve.is_hidden()
    page.locator('input[name="q_overall"][value="3"]').locator("xpath=..").click()
    assert improve.is_visible()
    page.locator('input[name="q_improve"][value="fees"]').locator("xpath=..").click()
    page.locator('input[name="q_overall"][value="5"]').locator("xpath=..").click()
    assert improve.is_hidden()  # hidden again: its answer is not sent
    page.locator('input[name="q_nps"][value="10"]').locator("xpath=..").click()
    _assert_fits(page)
    page.get_by_role("button").last.click()
    assert "/done" in page.url
    db.session.expire_all()
    assert db.session.scalar(select(Response.status)) == "submitted"
    assert _stored("overall").value == 5 and _stored("improve") is None
    context.close()
