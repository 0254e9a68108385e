"""The walk-round in Chromium at phone width (360×740): JS off posts one item, JS on uses fetch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections.models import Inspection, ItemScore
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.uploads import Photo
from tests.browser.conftest import watch_csp
from tests.fixtures.factories import PASSWORD, make_community, make_period

CHECKLIST = Path(__file__).resolve().parents[2] / "questionnaires" / "joint_inspection.yaml"
SHOTS = Path("/tmp/inspection_shots")


@pytest.fixture
def walk_url():
    version, _created = publish(load_definition(CHECKLIST))
    community = make_community()
    period = make_period(community)
    create_user("committee", PASSWORD, "committee", [community.id])
    inspection = Inspection(community_id=community.id, period_id=period.id,
                            questionnaire_version_id=version.id, kind="quarterly",
                            title="2026-Q4 联合检查", inspection_date=date(2026, 11, 5))
    db.session.add(inspection)
    db.session.commit()
    return f"/inspections/c/{community.id}/{inspection.id}/walk"


def _page(browser, live, js: bool):
    # under the app's real CSP (no bypass): every refusal is collected and must not happen
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=js)
    page = context.new_page()
    page.csp_refused = watch_csp(page)
    page.goto(live + "/login")
    page.fill("input[name=username]", "committee")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    return page


def _row(item_id):
    db.session.expire_all()
    return db.session.scalar(select(ItemScore).filter_by(item_id=item_id))


def _photo_file(tmp_path) -> str:
    path = tmp_path / "site.jpg"
    Image.new("RGB", (1200, 900), (90, 120, 200)).save(path, "JPEG")
    return str(path)


@pytest.mark.browser
def test_walk_round_without_javascript(live, walk_url, browser, tmp_path):
    page = _page(browser, live, js=False)
    page.goto(live + walk_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item = page.locator("#item-cl1")
    item.locator("details.item-more summary").click()  # the detailed form is folded
    item.locator("details.item-more input[value=deductions]").check()
    item.locator("details.item-more input[name='cl1-count']").fill("3")
    item.locator("details.item-more input[name='cl1-location']").fill("3号楼2单元")
    item.locator("details.item-more input[type=file]").set_input_files(_photo_file(tmp_path))
    item.locator("details.item-more button[type=submit]").click()
    page.wait_for_load_state()
    assert "#item-cl1" in page.url
    row = _row("cl1")
    assert row.awarded == 2.5 and row.location == "3号楼2单元"
    assert db.session.scalar(select(Photo).filter_by(owner_id=row.id)) is not None
    assert "finding" in page.locator("#item-cl1").get_attribute("class").replace("is-", "")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "walk_nojs.png"))
    assert not page.csp_refused, page.csp_refused


@pytest.mark.browser
def test_walk_round_with_javascript_saves_without_reload(live, walk_url, browser, tmp_path):
    page = _page(browser, live, js=True)
    page.goto(live + walk_url)
    page.evaluate("window.__marker = 42")  # survives only if the page never reloads
    first = page.locator("#item-cl2")
    first.locator("details.item-more summary").click()
    first.locator("details.item-more input[name='cl2-count']").fill("1")
    first.locator("details.item-more input[type=file]").set_input_files(_photo_file(tmp_path))
    first.locator("details.item-more button[type=submit]").click()
    expect(page.locator("#walk-scored")).to_have_text("1")
    first.locator("img.thumb").wait_for()
    second = page.locator("#item-gr1")
    second.locator("details.item-more summary").click()
    second.locator("details.item-more input[value=points]").check()
    second.locator("details.item-more input[name='gr1-points']").fill("9")  # above the maximum: refused
    second.locator("details.item-more button[type=submit]").click()
    second.locator(".error").first.wait_for()
    assert page.evaluate("window.__marker") == 42
    assert _row("cl2").awarded == 3.5 and _row("gr1") is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "walk_js.png"), full_page=False)
    assert not page.csp_refused, page.csp_refused
