"""The public service commitments page on a phone (360 px): Chinese, no sideways scrolling,
axe-core clean; the repair form quotes the configured limit."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from survey_app.extensions import db
from survey_app.feedback import commitments, services, sla
from tests.fixtures.axe import assert_accessible
from tests.fixtures.factories import make_community, make_period

PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
def test_commitments_page_on_a_phone(browser, live, tmp_path):
    community = make_community()
    make_period(community, label="2026-Q3", start=date(2026, 7, 1), end=date(2026, 9, 30))
    commitments.save_terms(community.id, hotline="0571-88886666", opens=time(8, 30),
                           closes=time(17, 30), after_hours="24 小时应急维修，请拨打服务热线")
    rule = sla.rules_for(community.id)[("repair", "normal")]
    sla.save_rules(community.id, {("repair", "normal"): sla.Commitment(
        120, rule.dispatch, rule.onsite, rule.complete, working_hours=True)})
    ticket = services.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                      description="楼道灯不亮了",
                                      received_at=datetime(2026, 8, 3, 2, 0))
    ticket.acknowledged_at = datetime(2026, 8, 3, 2, 20)
    db.session.commit()

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live}/feedback/{community.code}/commitments")
    text = page.inner_text("main") if page.locator("main").count() else page.content()
    assert "服务承诺" in text and "0571-88886666" in text and "工作时间内 2 小时" in text
    assert "2026-Q3" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "commitments")
    page.screenshot(path=str(tmp_path / "commitments.png"), full_page=True)

    page.goto(f"{live}/feedback/{community.code}/new")
    assert "报修：工作时间内 2 小时内受理" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "repair form")
    context.close()
