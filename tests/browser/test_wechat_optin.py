"""Issue 17 in Chromium at 360 px with WeChat's user agent: an owner reports a problem,
ticks "用微信接收通知", agrees, sends, passes the local fake WeChat authorisation (which
checks the documented authorize parameters) and lands on the tracking page with the opt-in
recorded; the same on the notice subscription page. This is where the page's
Content-Security-Policy must let the form's redirect go to WeChat (form-action).
Screenshots go to /tmp/shots_wechat/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from tests.fixtures.factories import make_community

SHOTS = Path("/tmp/shots_wechat")
PHONE = {"width": 360, "height": 740}
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.33.2320(0x28002151) "
             "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN")


@pytest.fixture
def community():
    made = make_community()
    db.session.commit()
    return made


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_repair_form_and_notices_by_wechat_at_360px(wechat_live, community, browser):
    live, fake = wechat_live
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport=PHONE, locale="zh-CN", user_agent=WECHAT_UA).new_page()
    page.goto(f"{live}/feedback/{community.code}/new")
    assert page.locator("#optin-wechat.prominent").is_visible()
    _fits(page)
    page.fill("#description", "楼道灯坏了三天")
    page.check("#wx-wechat")
    page.check("#wx-wechat_consent")
    page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
    page.click("button[type=submit]:has-text('提交')")
    page.wait_for_url("**/feedback/track/**")
    assert "报事的处理进度将通过微信发送给您" in page.content()
    page.screenshot(path=str(SHOTS / "track.png"), full_page=True)
    assert not fake.rejected and len(fake.exchanges) == 1
    db.session.expire_all()
    ticket = db.session.scalars(select(Ticket)).one()
    contact = db.session.scalars(select(OwnerContact)).one()
    assert (contact.ticket_id, contact.channel, contact.openid) == (ticket.id, "wechat",
                                                                    fake.user_openid)
    page.goto(f"{live}/notify/{community.id}")
    _fits(page)
    page.check("#wechat_consent")
    page.click("button[name=start]")
    page.wait_for_selector(".flash-success")
    assert "公示通知将通过微信发送给您" in page.content()
    page.screenshot(path=str(SHOTS / "subscribed.png"), full_page=True)
    db.session.expire_all()
    assert {c.purposes for c in db.session.scalars(select(OwnerContact))} == {
        "ticket_progress", "notices"}
