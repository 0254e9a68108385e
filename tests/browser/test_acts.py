"""Two-party acts on phones (360 × 740): the company proposes on one phone, the committee
previews the notice and confirms on another, owners read both names on the notice board."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from survey_app.auth.services import create_user
from survey_app.extensions import db
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.owners import add_responses, respondent

PHONE = {"width": 360, "height": 740}
LEVELS = ({"cleaning": 5, "greening": 3, "security": 4, "facilities": 2, "service": 4},
          {"cleaning": 4, "greening": 3, "security": 5, "facilities": 2, "service": 3})


@pytest.fixture
def quarter():
    """阳光花园 2026-Q3, open, with owners' answers; a staff and a committee account."""
    community = make_community(name="阳光花园", code="yg", buildings=2)
    period = make_period(community, label="2026-Q3", status="open", start=date(2026, 7, 1),
                         end=date(2026, 9, 30))
    add_responses(period, [respondent(level, "1号楼", 4) for level in LEVELS])
    create_user("wang", PASSWORD, "staff", [], display_name="品质部 王经理")
    create_user("li", PASSWORD, "committee", [community.id], display_name="业委会 李主任")
    db.session.commit()
    return community, period


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


def _propose(page, live, community, period, act: str) -> None:
    page.goto(f"{live}/acts/{community.id}/{period.id}")
    _fits(page)
    page.get_by_role("button", name=f"提出：{act}").click()
    expect(page.locator(".flash-success")).to_contain_text("已提出")


def _preview_and_confirm(page, live, community, period, act: str) -> None:
    page.goto(f"{live}/acts/{community.id}/{period.id}")
    page.get_by_role("link", name="查看预览并确认").click()
    expect(page.locator("article.notice.preview")).to_have_count(1)
    _fits(page)
    page.get_by_role("button", name=f"确认：{act}").click()
    expect(page.locator(".flash-success")).to_contain_text("已确认")


@pytest.mark.browser
def test_close_and_publish_by_two_parties_on_two_phones(live, browser, quarter, tmp_path):
    community, period = quarter
    staff, committee = _phone(browser, live, "wang"), _phone(browser, live, "li")
    _propose(staff, live, community, period, "结束测评期")
    _preview_and_confirm(committee, live, community, period, "结束测评期")
    committee.goto(f"{live}/acts/{community.id}/{period.id}")
    committee.fill("input[name=note]", "欢迎业主监督")
    committee.get_by_role("button", name="提出：在公示栏公示").click()
    expect(committee.locator(".flash-success")).to_contain_text("已提出")
    _preview_and_confirm(staff, live, community, period, "在公示栏公示")

    owner = browser.new_context(viewport=PHONE, device_scale_factor=1).new_page()
    owner.goto(f"{live}/notice/{community.id}")  # no login: owners scan a QR code
    card = owner.locator("article.notice").inner_text()
    assert "2026-Q3" in card and "欢迎业主监督" in card
    assert "业委会 李主任" in card and "品质部 王经理" in card
    _fits(owner)
    owner.screenshot(path=str(tmp_path / "notice.png"), full_page=True)
