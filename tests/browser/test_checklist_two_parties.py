"""A joint checklist put in use by both parties, on phones (360 × 740): the committee starts
one from the GB/T 45698-structured template, previews it as the walk-round shows it and
proposes it; the company previews it and confirms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from survey_app.auth.services import create_user
from survey_app.extensions import db
from tests.fixtures.factories import PASSWORD, make_community

PHONE = {"width": 360, "height": 740}


def _phone(browser, live, username):
    page = browser.new_context(viewport=PHONE, device_scale_factor=1).new_page()
    page.goto(f"{live}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


@pytest.mark.browser
def test_committee_proposes_and_company_confirms_a_checklist_on_phones(live, browser):
    community = make_community(name="阳光花园", code="yg", buildings=1)
    create_user("wang", PASSWORD, "staff", [], display_name="品质部 王经理")
    create_user("li", PASSWORD, "committee", [community.id], display_name="业委会 李主任")
    db.session.commit()
    committee = _phone(browser, live, "li")
    committee.goto(f"{live}/communities/{community.id}")
    committee.locator("#drafts-link").click()
    committee.select_option("select[name=source]", "file:gbt45698_checklist.yaml")
    committee.locator("form[action$='/new'] button[type=submit]").click()
    expect(committee.locator("#points-total")).to_contain_text("100")
    draft_url = committee.url
    committee.goto(live + committee.locator("#preview-link").get_attribute("href"))
    expect(committee.locator("article.walk-item")).to_have_count(21)
    _fits(committee)
    committee.goto(draft_url)
    committee.get_by_role("button", name="提出启用").click()
    expect(committee.locator(".flash-success")).to_contain_text("已提出")

    staff = _phone(browser, live, "wang")
    staff.goto(draft_url)
    staff.get_by_role("link", name="查看预览并确认").click()
    expect(staff.locator("#changes")).to_be_visible()
    _fits(staff)
    staff.get_by_role("button", name="确认：启用此评分表").click()
    expect(staff.locator(".flash-success")).to_contain_text("已确认")
    expect(staff.locator(".flash-info")).to_be_visible()  # the draft is now published
