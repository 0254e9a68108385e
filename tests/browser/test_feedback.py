"""An owner on a phone (360×740, CSRF on): report with a photo, read the code, rate and reopen."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback import services
from survey_app.feedback.models import Ticket
from tests.fixtures.factories import make_community


@pytest.mark.browser
def test_owner_reports_follows_and_reopens_on_a_phone(browser, live, tmp_path):
    community = make_community()
    db.session.commit()
    photo = tmp_path / "leak.jpg"
    Image.new("RGB", (640, 480), (90, 120, 200)).save(photo, "JPEG")
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live}/feedback/{community.code}/new")
    page.check("input[name=ticket_type][value=repair]")
    page.fill("textarea[name=description]", "楼上漏水到我家卫生间天花板")
    page.select_option("select[name=category]", "水电")
    page.fill("input[name=location]", "1单元302室卫生间")
    page.set_input_files("input[name=photo]", str(photo))
    page.click("button[type=submit]")
    shown = page.locator(".code-box strong").inner_text().strip()
    code = shown.replace(" ", "")
    # read out in groups of 3-3-4 (feedback/codes.py)
    assert len(code) == 10 and shown == f"{code[:3]} {code[3:6]} {code[6:]}"
    assert page.locator(".thumbs img").count() == 1
    page.screenshot(path=str(tmp_path / "tracked.png"), full_page=True)

    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket).filter_by(tracking_code=code))
    services.classify(ticket, ticket_type="repair", dimension="facilities",
                      category="水电", severity="normal")
    services.dispatch(ticket, department="工程部", worker="李师傅")
    services.complete(ticket, note="已更换管件")
    db.session.commit()

    page.goto(f"{live}/feedback/track")
    page.fill("input[name=code]", code.lower())
    page.click("button[type=submit]")
    assert "已更换管件" in page.content() and "李师傅" not in page.content()
    page.check("input[name=rating][value='2']")
    page.fill("textarea[name=note]", "还在滴水")
    page.check("input[name=reopen]")
    page.click("form[action$='/rate'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket).filter_by(tracking_code=code))
    assert ticket.status == "reopened" and ticket.reopened_count == 1
