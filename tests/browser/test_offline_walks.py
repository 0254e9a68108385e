"""Issue 20: the offline walk-round of internal inspections and third-party sheets, in
Chromium at phone width: open, go offline, score, reload offline (values back in their
fields), back online, and the server holds exactly those items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from survey_app.assessments import services as assessments
from survey_app.assessments.models import SheetOfflineSave, SheetPhoto, SheetScore
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections.models import Inspection, ItemScore, OfflineSave
from survey_app.questionnaires.loader import load_definition, parse_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.assessments import SHEET_YAML
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.offline import count, local, open_offline, until

INTERNAL = Path(__file__).resolve().parents[2] / "questionnaires" / "internal_inspection.yaml"


@pytest.fixture
def internal_url():
    version, _created = publish(load_definition(INTERNAL))
    community = make_community()
    period = make_period(community)
    create_user("staff", PASSWORD, "staff", [community.id])
    inspection = Inspection(community_id=community.id, period_id=period.id,
                            questionnaire_version_id=version.id, kind="patrol",
                            title="日常巡检 地下车库", inspection_date=date(2026, 11, 5))
    db.session.add(inspection)
    db.session.commit()
    return f"/internal/c/{community.id}/{inspection.id}/walk"


@pytest.fixture
def sheet_url():
    version, _created = publish(parse_definition(SHEET_YAML))
    community = make_community()
    period = make_period(community)
    lead = create_user("assessor", PASSWORD, "assessor", [community.id])
    other = create_user("assessor2", PASSWORD, "assessor", [community.id])
    org = assessments.create_organisation(name="某某第三方评估有限公司", contact="赵经理")
    project = assessments.create_project(period, organisation_id=org.id, version_id=version.id,
                                         assessor_ids=[lead.id, other.id], lead_id=lead.id)
    db.session.commit()
    return f"/assessments/{project.id}/sheet"


@pytest.mark.browser
def test_an_internal_walk_round_offline_survives_a_reload_and_syncs_exactly_once(
        live, internal_url, browser):
    context, page = open_offline(browser, live, internal_url, "staff")
    context.set_offline(True)
    for item in ("icl1", "igr1", "ise1"):
        page.locator(f"#item-{item} .quick-pass").click()
    box = page.locator("#item-icl2 details.item-more")
    box.locator("summary").click()
    box.locator("input[value=deductions]").check()
    box.locator("input[name='icl2-count']").fill("2")
    box.locator("textarea[name='icl2-note']").fill("地库垃圾桶满溢")
    box.locator("button[type=submit]").click()
    until(lambda: local(page) == 4)
    page.reload()
    until(lambda: local(page) == 4)
    # the queued values are back in their fields, with their age
    box = page.locator("#item-icl2 details.item-more")
    assert box.locator("input[name='icl2-count']").input_value() == "2"
    assert box.locator("textarea[name='icl2-note']").input_value() == "地库垃圾桶满溢"
    assert box.locator("input[value=deductions]").is_checked()
    assert "离线保存于" in page.locator("#item-icl2 [data-state]").inner_text()
    assert count(ItemScore) == 0
    context.set_offline(False)
    until(lambda: page.locator("[data-item].is-synced").count() == 4)
    db.session.expire_all()
    rows = {r.item_id: r for r in db.session.scalars(select(ItemScore))}
    assert sorted(rows) == ["icl1", "icl2", "igr1", "ise1"]
    assert rows["icl2"].deduction_count == 2 and rows["icl2"].note == "地库垃圾桶满溢"
    assert count(OfflineSave) == 4
    context.close()


@pytest.mark.browser
def test_a_third_party_sheet_offline_survives_a_reload_and_syncs_exactly_once(
        live, sheet_url, browser, tmp_path):
    context, page = open_offline(browser, live, sheet_url, "assessor")
    photo = tmp_path / "c1.jpg"
    Image.new("RGB", (2400, 1800), (90, 120, 200)).save(photo, "JPEG", quality=95)
    context.set_offline(True)
    page.fill("input[name='points-c1']", "8")
    page.set_input_files("input[name='photo-c1']", str(photo))
    page.fill("textarea[name='note-c1']", "楼道无积尘")
    page.fill("input[name='points-s1']", "6.5")
    page.check("input[name='na-c3']")
    page.locator("button[name=action][value=save]").click()
    until(lambda: local(page) == 3)
    # submitting locks the sheet: never queued, held while offline
    assert page.locator("button[value=submit]").get_attribute("aria-disabled") == "true"
    page.reload()
    until(lambda: local(page) == 3)
    assert page.input_value("input[name='points-c1']") == "8"
    assert page.input_value("textarea[name='note-c1']") == "楼道无积尘"
    assert page.input_value("input[name='points-s1']") == "6.5"
    assert page.is_checked("input[name='na-c3']")
    assert "离线保存于" in page.locator("#walk-offline-banner").inner_text()
    assert count(SheetScore) == 0
    context.set_offline(False)
    until(lambda: page.locator("[data-item].is-synced").count() == 3)
    db.session.expire_all()
    rows = {r.item_id: (r.points, r.note) for r in db.session.scalars(select(SheetScore))}
    assert rows == {"c1": (8.0, "楼道无积尘"), "s1": (6.5, ""), "c3": (None, "")}
    until(lambda: count(SheetPhoto) == 1)  # compressed on the phone, sent after its item
    assert count(SheetOfflineSave) == 4
    context.close()


@pytest.mark.browser
def test_a_sheet_item_changed_meanwhile_on_another_phone_shows_both_values(
        live, sheet_url, browser):
    """The same assessor on two phones: the one that was offline sees both scores in words
    and keeps its own; the server then holds it (a conflict, never a silent overwrite)."""
    context, page = open_offline(browser, live, sheet_url, "assessor")
    context.set_offline(True)
    page.fill("input[name='points-c1']", "8")
    page.locator("button[name=action][value=save]").click()
    until(lambda: local(page) == 1)
    other, other_page = open_offline(browser, live, sheet_url, "assessor")
    other_page.fill("input[name='points-c1']", "5")
    other_page.locator("button[name=action][value=save]").click()
    until(lambda: db.session.scalar(select(SheetScore.points)) == 5.0)
    context.set_offline(False)
    page.locator("#item-c1 [data-errors] button").first.wait_for()
    message = page.locator("#item-c1 [data-errors]").inner_text()
    assert "8" in message and "5" in message
    page.locator("#item-c1 [data-errors] button", has_text="保留我的").click()
    until(lambda: (db.session.expire_all(), db.session.scalar(select(SheetScore.points)))[1]
          == 8.0)
    other.close()
    context.close()
