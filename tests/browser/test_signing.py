"""Each party signs for itself, in Chromium at phone width (360×740): the committee signs
from its own login and shows a QR signing link; the grid worker, in a second phone-sized
context (signed out, the app's CSP enforced), draws a signature with the mouse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections import checklist
from survey_app.inspections.models import (
    Inspection,
    ItemScore,
    Participant,
    Revision,
    Signoff,
)
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.factories import PASSWORD, make_community, make_period

CHECKLIST = Path(__file__).resolve().parents[2] / "questionnaires" / "joint_inspection.yaml"
SHOTS = Path("/tmp/signing_shots")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def record_url():
    """A scored inspection: the committee director (account) and a grid worker (no account)."""
    version, _created = publish(load_definition(CHECKLIST))
    community = make_community()
    period = make_period(community)
    committee = create_user("committee", PASSWORD, "committee", [community.id],
                            display_name="李建国")
    inspection = Inspection(community_id=community.id, period_id=period.id,
                            questionnaire_version_id=version.id, kind="quarterly",
                            title="2026-Q4 联合检查", inspection_date=date(2026, 11, 5),
                            status="in_progress")
    db.session.add(inspection)
    db.session.flush()
    db.session.add(Revision(inspection_id=inspection.id, number=1))
    for ci in checklist.items_by_id(version.parsed).values():
        db.session.add(ItemScore(inspection_id=inspection.id, revision=1, item_id=ci.id,
                                 dimension=ci.dimension, max_points=ci.max_points,
                                 pass_line=ci.pass_line, mode="points", awarded=ci.max_points))
    db.session.add_all([
        Participant(inspection_id=inspection.id, name="李建国", organisation="committee",
                    role="业委会主任", user_id=committee.id),
        Participant(inspection_id=inspection.id, name="王晓红", organisation="community",
                    role="社区网格员")])
    db.session.commit()
    return f"/inspections/c/{community.id}/{inspection.id}"


def _recorder(browser, live):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live + "/login")
    page.fill("input[name=username]", "committee")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    return page


def _draw(page):
    """A signature stroke with the mouse across the canvas."""
    canvas = page.locator("#signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"], box["y"] + box["height"] / 2
    page.mouse.move(x + 20, y)
    page.mouse.down()
    for step in range(1, 13):
        page.mouse.move(x + 20 + step * 20, y + (25 if step % 2 else -25), steps=4)
    page.mouse.up()


@pytest.mark.browser
def test_second_participant_signs_on_their_own_phone(live, record_url, browser):
    SHOTS.mkdir(exist_ok=True)
    recorder = _recorder(browser, live)
    recorder.goto(live + record_url)
    # the committee signs for itself from its own login
    recorder.locator("form.sign-form button").click()
    recorder.wait_for_load_state()
    assert recorder.locator(".sign-how").count() == 1
    # and shows the grid worker a QR code; it cannot sign for them
    recorder.get_by_role("button", name="签字链接（二维码）").click()
    recorder.wait_for_load_state()
    assert recorder.locator(".qr svg").is_visible()
    recorder.screenshot(path=str(SHOTS / "qr.png"))
    url = recorder.locator("#signing-url").get_attribute("href")

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=False).new_page()
    problems = []
    # the refused first try answers 400 on purpose; anything else logged is a problem
    phone.on("console", lambda message: problems.append(message.text)
             if message.type == "error" and "status of 400" not in message.text else None)
    phone.on("pageerror", lambda error: problems.append(str(error)))
    phone.goto(url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert "2026-Q4 联合检查" in phone.content()
    phone.fill("input[name=name]", "王晓红")
    phone.locator("#sign-form button[type=submit]").click()  # nothing drawn yet
    phone.wait_for_load_state()
    assert "请在框内手写签名" in phone.content()
    assert db.session.scalar(select(Signoff).filter_by(method="link")) is None
    _draw(phone)
    phone.screenshot(path=str(SHOTS / "drawn.png"))
    phone.locator("#sign-form button[type=submit]").click()
    phone.wait_for_load_state()
    assert "您的签字已记录" in phone.content(), phone.content()[-1500:]
    assert not problems, problems  # no CSP violation, no script error

    db.session.expire_all()
    assert db.session.scalar(select(Inspection)).status == "signed"
    recorder.goto(live + record_url)
    image = recorder.locator("img.signature-image")
    assert image.count() == 1
    assert recorder.evaluate("document.querySelector('img.signature-image').naturalWidth") > 100
    assert recorder.locator(".sign-how").count() == 2
    recorder.screenshot(path=str(SHOTS / "record.png"), full_page=True)
