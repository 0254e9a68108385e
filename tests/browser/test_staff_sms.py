"""Issue 17 in Chromium (CSRF on), on a laptop and at 360 px: a staff account sees SMS offered
as unavailable until it has a number, types its mobile number on the notification settings
page, gets the code by SMS (the local fake Aliyun server, which checks the signed request),
verifies it, and can then choose SMS. Screenshots go to /tmp/shots_staff_sms/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.auth.models import User
from survey_app.auth.services import create_user
from survey_app.extensions import db
from tests.fixtures.axe import assert_accessible
from tests.fixtures.factories import PASSWORD, make_community

SHOTS = Path("/tmp/shots_staff_sms")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800},
                                      {"width": 360, "height": 740}])
def test_staff_verifies_a_number_and_can_choose_sms(sms_live, browser, viewport):
    live, fake, _app = sms_live
    community = make_community()
    db.session.flush()
    create_user("wang", PASSWORD, "staff", [community.id])
    db.session.commit()
    SHOTS.mkdir(exist_ok=True)
    width = viewport["width"]
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(f"{live}/login")
    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.goto(f"{live}/notifications/preferences")
    assert page.locator("input[name='tickets:sms']").is_disabled()
    assert "暂不能选择短信" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, "notification settings without a number")
    page.fill("input[name='sms-phone']", "1381234567")  # one digit short
    page.click("button[name='sms-send_code']")
    assert "11 位手机号" in page.locator("#sms-number").inner_text()
    page.fill("input[name='sms-phone']", "138 1234 5678")
    page.click("button[name='sms-send_code']")
    assert "验证码已发送至 138****5678" in page.content()
    page.fill("input[name='sms-code']", fake.received[-1]["values"]["code"])
    page.screenshot(path=str(SHOTS / f"code_{width}.png"), full_page=True)
    assert_accessible(page, "notification settings waiting for the code")
    page.click("button[name='sms-verify']")
    page.wait_for_url("**/notifications/preferences")
    assert "13812345678" in page.locator("#sms-number").inner_text()
    assert page.locator("input[name='tickets:sms']").is_enabled()
    assert "暂不能选择短信" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"verified_{width}.png"), full_page=True)
    db.session.expire_all()
    user = db.session.scalar(select(User).filter_by(username="wang"))
    assert user.phone == "13812345678" and user.phone_verified_at is not None
