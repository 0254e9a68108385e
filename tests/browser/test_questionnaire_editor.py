"""Issue 18 in Chromium: the draft editor reorders without script, and the preview is the
owner page at 360 px."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.questionnaires.models import QuestionnaireDraft
from tests.fixtures.factories import PASSWORD, make_community

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def community():
    made = make_community(name="阳光花园", code="yg", buildings=1)
    create_user("wang", PASSWORD, "staff", [], display_name="品质部 王经理")
    db.session.commit()
    return made


def _signed_in(browser, live, **context):
    page = browser.new_context(**context).new_page()
    page.goto(f"{live}/login")
    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def _section_ids():
    db.session.expire_all()
    draft = db.session.scalars(select(QuestionnaireDraft)).one()
    return [s["id"] for s in draft.definition["sections"]]


@pytest.mark.browser
def test_up_down_without_script_and_preview_at_phone_width(live, browser, community):
    page = _signed_in(browser, live, java_script_enabled=False)
    page.goto(f"{live}/questionnaires/drafts/{community.id}")
    page.select_option("select[name=source]", "file:owner_survey.yaml")
    page.locator("form[action$='/new'] button").click()
    before = _section_ids()
    page.locator("form[action$='/sections/0/down'] button").click()
    assert _section_ids() == [before[1], before[0], *before[2:]]
    page.locator("form[action$='/sections/1/up'] button").click()
    assert _section_ids() == before

    phone = _signed_in(browser, live, viewport=PHONE, device_scale_factor=1)
    phone.goto(page.url.split("#")[0] + "/preview")
    assert phone.locator("h1").count() == 1
    assert phone.locator("input[type=radio]").count() > 0
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the preview scrolls sideways: {width}px"
