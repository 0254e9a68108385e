"""Issue 20 in WebKit at 360×740 (Safari, WeChat on iOS): an owner answers the survey and
submits it, and reports a repair with a photo, under the app's real Content-Security-Policy."""

from __future__ import annotations

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.surveys.models import Answer, Response
from tests.fixtures.factories import make_community
from tests.fixtures.webkit import count, css, fits, tap, type_into, until, wait_loaded

pytestmark = [pytest.mark.browser, pytest.mark.webkit]


def _choose(driver, name: str, value: str) -> None:
    """Tap the big labelled option around a radio button, as a thumb does."""
    radio = css(driver, f'input[name="{name}"][value="{value}"]')
    tap(driver, radio.find_element(By.XPATH, ".."))


def _next_page(driver) -> None:
    url = driver.current_url
    tap(driver, "form.answers button[type=submit]")
    until(lambda: driver.current_url != url, what="the next page")
    wait_loaded(driver)


def _stored(item_id: str):
    db.session.expire_all()
    return db.session.scalar(select(Answer).filter_by(item_id=item_id)
                             .order_by(Answer.id.desc()).limit(1))


def test_an_owner_answers_and_submits_the_survey_at_phone_width(live, webkit, owner_codes):
    driver = webkit()
    driver.get(f"{live}/c/{owner_codes[0]}/1")
    for _section in range(5):
        assert fits(driver)
        for radio in driver.find_elements(By.CSS_SELECTOR, 'input[type=radio][value="4"]'):
            tap(driver, radio.find_element(By.XPATH, ".."))
        _next_page(driver)
    assert fits(driver)
    improve = css(driver, "#q-improve")
    # the conditional question follows the answer it depends on (the page's own script,
    # allowed by its CSP nonce)
    assert not improve.is_displayed()
    _choose(driver, "q_overall", "2")
    until(improve.is_displayed, what="the follow-up question shown")
    _choose(driver, "q_improve", "facilities")
    _choose(driver, "q_nps", "6")
    type_into(driver, 'textarea[name="q_comment"]', "希望电梯维修更及时")
    _next_page(driver)
    assert "/done" in driver.current_url
    db.session.expire_all()
    assert db.session.scalar(select(Response.status)) == "submitted"
    assert _stored("overall").value == 2 and _stored("improve").text == "facilities"
    assert _stored("comment").text == "希望电梯维修更及时"
    assert fits(driver)


def test_an_owner_reports_a_repair_with_a_photo_at_phone_width(live, webkit, tmp_path):
    community = make_community()
    db.session.commit()
    photo = tmp_path / "leak.jpg"
    Image.new("RGB", (1600, 1200), (90, 120, 200)).save(photo, "JPEG")
    driver = webkit()
    driver.get(f"{live}/feedback/{community.code}/new")
    assert fits(driver)
    phone = css(driver, "input[name=contact_phone]")
    assert phone.is_displayed() and phone.get_attribute("type") == "tel"
    tap(driver, "input[name=ticket_type][value=repair]")
    type_into(driver, "textarea[name=description]", "卫生间下水道堵了")
    Select(css(driver, "select[name=category]")).select_by_value("水电")
    type_into(driver, "input[name=room]", "2单元 501室")
    css(driver, "input[name=photo]").send_keys(str(photo))
    type_into(driver, "input[name=contact_phone]", "13812345678")
    tap(driver, "input[name=contact_consent]")  # a phone number needs the consent (PIPL)
    tap(driver, "form button[type=submit]")
    until(lambda: "/track/" in driver.current_url, what="the tracking page")
    wait_loaded(driver)
    shown = css(driver, ".code-box strong").text.strip()
    code = shown.replace(" ", "")
    assert len(code) == 10 and shown == f"{code[:3]} {code[3:6]} {code[6:]}"
    assert count(driver, ".thumbs img") == 1  # the photo went up with the report
    assert "501" not in driver.page_source  # the room stays off the public tracking page
    assert fits(driver)
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket).filter_by(tracking_code=code))
    assert ticket.room == "2单元 501室" and ticket.contact_phone == "13812345678"
    assert ticket.ticket_type == "repair" and ticket.category == "水电"
