"""Issue 13 item 2 in Chromium at phone width: a half-answered code opened in a second,
cookie-less browser context shows no answers and no "welcome back"."""

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
SHOTS = Path("/tmp/survey_shots")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def code():
    version, _created = publish(load_definition(OWNER_YAML))
    community = make_community()
    survey = services.publish_survey(make_period(community), version.id, "codes")
    db.session.commit()
    return db.session.scalar(select(AccessCode.code).filter_by(survey_id=survey.id)
                             .order_by(AccessCode.id).limit(1))


@pytest.mark.browser
def test_a_second_cookieless_context_sees_no_half_answered_draft(live, code, browser):
    SHOTS.mkdir(exist_ok=True)
    owner = browser.new_context(viewport=PHONE).new_page()
    owner.goto(f"{live}/c/{code}/1")
    for radio in owner.locator('input[type=radio][value="2"]').all():
        radio.locator("xpath=..").click()
    owner.get_by_role("button").last.click()
    assert owner.url.endswith(f"/c/{code}/2")
    owner.goto(f"{live}/c/{code}")
    assert owner.locator(f'a[href$="/c/{code}/2"]').count() == 1  # resumes in its own browser
    owner.goto(f"{live}/c/{code}/1")
    assert owner.locator("input[type=radio]:checked").count() > 0

    other = browser.new_context(viewport=PHONE)  # no cookies: a fresh phone, the slip printer
    assert other.cookies() == []
    page = other.new_page()
    page.goto(f"{live}/c/{code}")
    page.screenshot(path=str(SHOTS / "draft-other-intro.png"), full_page=True)
    assert page.locator(f'a[href$="/c/{code}/2"]').count() == 0
    assert "欢迎回来" not in page.content()
    page.goto(f"{live}/c/{code}/1")
    page.screenshot(path=str(SHOTS / "draft-other-page1.png"), full_page=True)
    assert page.locator("input:checked").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live}/c/{code}/all")
    assert page.locator("input:checked").count() == 0
    other.close()
