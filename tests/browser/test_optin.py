"""Issue 17 item 4 in Chromium at 360 px: an owner leaves a number on the repair form, gets
the code by SMS (the local fake Aliyun server, which checks the signed request), types it,
agrees, and sends; then stops the messages through the unsubscribe link. Screenshots go to
/tmp/shots_optin/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.contacts import services
from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from tests.fixtures.axe import assert_accessible
from tests.fixtures.factories import make_community

SHOTS = Path("/tmp/shots_optin")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def community_code():
    community = make_community()
    db.session.commit()
    return community.code


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_repair_form_opt_in_at_360px(sms_live, community_code, browser):
    live, fake, app = sms_live
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.goto(f"{live}/feedback/{community_code}/new")
    SHOTS.mkdir(exist_ok=True)
    assert page.locator("#optin legend").inner_text() == "接收进度通知"
    _fits(page)
    page.fill("textarea[name=description]", "3号楼2单元楼道灯不亮")
    page.fill("input[name='notify-phone']", "1381234567")  # one digit short
    page.click("button[name='notify-send_code']")
    assert "请填写 11 位手机号" in page.locator("#optin").inner_text()
    page.fill("input[name='notify-phone']", "13812345678")
    page.click("button[name='notify-send_code']")
    assert "验证码已发送至 138****5678" in page.content()
    assert page.input_value("textarea[name=description]") == "3号楼2单元楼道灯不亮"
    code = fake.received[-1]["values"]["code"]
    page.fill("input[name='notify-code']", code)
    page.check("input[name='notify-consent']")
    _fits(page)
    page.screenshot(path=str(SHOTS / "repair_optin_filled.png"), full_page=True)
    assert_accessible(page, "repair form with the opt-in section")
    page.locator("form button.primary[type=submit]").click()
    page.wait_for_url("**/feedback/track/**")
    assert "处理进度将以短信发送到 138****5678" in page.content()
    page.screenshot(path=str(SHOTS / "repair_optin_done.png"), full_page=True)
    with app.app_context():
        ticket = db.session.scalars(select(Ticket)).one()
        contact = db.session.scalars(select(OwnerContact)).one()
        assert contact.ticket_id == ticket.id and contact.phone == "13812345678"
        with app.test_request_context(base_url=live):
            link = services.unsubscribe_url(contact)
    page.goto(link)
    _fits(page)
    page.locator("form button[type=submit]").last.click()
    assert "已退订" in page.content()
    page.screenshot(path=str(SHOTS / "unsubscribed.png"), full_page=True)
    page.goto(link)
    assert "您已退订" in page.content()


@pytest.mark.browser
def test_notice_subscription_at_360px(sms_live, community_code, browser):
    live, fake, app = sms_live
    with app.app_context():
        from survey_app.communities.models import Community

        community_id = db.session.scalars(select(Community.id)).one()
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.goto(f"{live}/notice/{community_id}")
    page.click("text=短信接收公示通知")
    page.fill("input[name='notify-phone']", "13912345678")
    page.click("button[name='notify-send_code']")
    page.fill("input[name='notify-code']", fake.received[-1]["values"]["code"])
    page.check("input[name='notify-consent']")
    _fits(page)
    page.click("button[name='notify-subscribe']")
    assert "订阅成功" in page.content()
    page.screenshot(path=str(SHOTS / "notice_subscribed.png"), full_page=True)
    with app.app_context():
        assert db.session.scalars(select(OwnerContact.purposes)).one() == "notices"
