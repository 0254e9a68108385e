"""Issue 17 item 5 in Chromium at 360 px: an owner subscribes to survey reminders for their
own room (the number's tail must match the room's), on a phone, through the fake Aliyun
server; a neighbour's room is refused beside the field. Screenshots go to
/tmp/shots_chase/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from tests.fixtures.axe import assert_accessible
from tests.fixtures.factories import make_community

SHOTS = Path("/tmp/shots_chase")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def community_id():
    community = make_community()
    db.session.commit()
    return community.id


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_survey_reminder_subscription_at_360px(sms_live, community_id, browser):
    live, fake, app = sms_live
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.goto(f"{live}/notify/{community_id}")
    SHOTS.mkdir(exist_ok=True)
    assert page.locator("#survey-reminders legend").inner_text() == "满意度调查提醒（可选）"
    _fits(page)
    page.fill("input[name='notify-phone']", "13800001111")
    page.click("button[name='notify-send_code']")
    page.fill("input[name='notify-code']", fake.received[-1]["values"]["code"])
    page.check("input[name='notify-consent']")
    page.check("input[name='notify-remind_survey']")
    page.select_option("select[name='notify-building']", label="1号楼")
    page.fill("input[name='notify-unit']", "1")
    page.fill("input[name='notify-room']", "102")  # not this number's room
    page.click("button[name='notify-subscribe']")
    assert "与服务中心登记的本户号码不一致" in page.locator("#survey-reminders").inner_text()
    _fits(page)
    page.screenshot(path=str(SHOTS / "reminder_optin_refused.png"), full_page=True)
    assert_accessible(page, "survey reminder subscription with an error")
    page.fill("input[name='notify-room']", "101")
    page.check("input[name='notify-consent']")
    if not page.is_checked("input[name='notify-remind_survey']"):
        page.check("input[name='notify-remind_survey']")
    page.click("button[name='notify-subscribe']")
    assert "您家尚未参与满意度调查时的提醒" in page.content()
    page.screenshot(path=str(SHOTS / "reminder_optin_done.png"), full_page=True)
    with app.app_context():
        contact = db.session.scalars(select(OwnerContact)).one()
        assert contact.household_id is not None and "survey_reminders" in contact.purposes
