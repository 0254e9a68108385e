"""Issue 16 items 10 and 12 in Chromium at 360 px: the walk-round's one-tap scoring and the
owner's repair form. Screenshots go to /tmp/shots_phones/ for a person to look at."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.inspections.models import Inspection, ItemScore
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.browser.conftest import watch_csp
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.surveys import QUESTIONNAIRES

SHOTS = Path("/tmp/shots_phones")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def walk_url():
    version, _created = publish(load_definition(QUESTIONNAIRES / "joint_inspection.yaml"))
    community = make_community()
    period = make_period(community)
    create_user("committee", PASSWORD, "committee", [community.id])
    inspection = Inspection(community_id=community.id, period_id=period.id,
                            questionnaire_version_id=version.id, kind="quarterly",
                            title="2026-Q4 联合检查", inspection_date=date(2026, 11, 5))
    db.session.add(inspection)
    db.session.commit()
    return f"/inspections/c/{community.id}/{inspection.id}/walk"


@pytest.fixture
def report_url():
    community = make_community()
    db.session.commit()
    return f"/feedback/{community.code}/new"


def _signed_in(browser, live):
    # under the app's real CSP (no bypass): every refusal is collected and must not happen
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.csp_refused = watch_csp(page)
    page.goto(live + "/login")
    page.fill("input[name=username]", "committee")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    return page


def _rows() -> dict[str, ItemScore]:
    db.session.expire_all()
    return {r.item_id: r for r in db.session.scalars(select(ItemScore))}


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.browser
def test_walk_round_one_tap_and_section_pass_at_360px(live, walk_url, browser):
    page = _signed_in(browser, live)
    page.goto(live + walk_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test_walk_start.png"))
    first = page.locator("#item-cl1")
    first.locator(".quick-pass").click()  # one tap: 合格
    expect(page.locator("#walk-scored")).to_have_text("1")
    assert "is-saved" in first.get_attribute("class")
    assert not first.locator(".quick").is_visible()  # the saved item folds to one line
    page.locator("#item-cl2 .quick-na").click()
    expect(page.locator("#walk-scored")).to_have_text("2")
    rows = _rows()
    assert rows["cl1"].awarded == rows["cl1"].max_points and rows["cl2"].awarded is None
    # 其余全部合格 fills the rest of the section and keeps what was entered
    page.locator("#g-cleaning .pass-rest button").click()
    page.wait_for_load_state()
    rows = _rows()
    assert sorted(k for k in rows if k.startswith("cl")) == [f"cl{i}" for i in range(1, 7)]
    assert rows["cl2"].awarded is None
    # 去签字 stays in view while walking (the bar is sticky)
    page.locator("#item-se3").scroll_into_view_if_needed()
    assert _in_view(page, page.locator("#walk-bar .walk-sign"))
    page.screenshot(path=str(SHOTS / "test_walk_after_section.png"))
    assert not page.csp_refused, page.csp_refused


@pytest.mark.browser
def test_walk_round_shows_only_the_box_of_the_chosen_mode(live, walk_url, browser):
    page = _signed_in(browser, live)
    page.goto(live + walk_url)
    item = page.locator("#item-cl3")
    item.locator("details.item-more summary").click()
    assert item.locator("#cl3-count").is_visible()
    assert not item.locator("#cl3-points").is_visible()  # 按处扣分: no 得分 box
    item.locator("details.item-more input[value=points]").check()
    assert item.locator("#cl3-points").is_visible()
    assert not item.locator("#cl3-count").is_visible()
    item.locator("details.item-more input[value=deductions]").check()
    item.locator("#cl3-count").fill("2")
    item.locator("details.item-more button[type=submit]").click()
    expect(page.locator("#walk-scored")).to_have_text("1")
    assert _rows()["cl3"].awarded == 3.0
    assert item.locator("details.item-more").get_attribute("open") is None  # folded again
    file_input = item.locator("details.item-more input[type=file]")
    assert file_input.get_attribute("capture") is None  # the gallery is offered too
    assert not page.csp_refused, page.csp_refused


@pytest.mark.browser
def test_repair_form_at_360px(live, report_url, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    refused = watch_csp(page)
    page.goto(live + report_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    phone = page.locator("input[name=contact_phone]")
    assert phone.is_visible() and phone.get_attribute("type") == "tel"  # not folded away
    assert page.locator("input[name=room]").is_visible()
    assert page.get_by_text("留下电话更方便").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test_repair_form.png"), full_page=True)
    page.fill("textarea[name=description]", "卫生间下水道堵了")
    page.fill("input[name=room]", "2单元 501室")
    phone.fill("13812345678")
    page.locator("input[name=contact_consent]").check()  # a phone needs the consent (PIPL)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/track/**")
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket))
    assert ticket.room == "2单元 501室" and ticket.contact_phone == "13812345678"
    assert "501" not in page.content()  # the room stays off the public tracking page
    assert not refused, refused
