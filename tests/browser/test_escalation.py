"""An owner on a phone (360×740, CSRF on) escalates an overdue complaint to the 街道 and
reads the 街道's answer on the tracking page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.feedback import services
from survey_app.models_base import utcnow
from survey_app.oversight import escalations
from survey_app.oversight.models import Escalation
from tests.fixtures.axe import assert_accessible
from tests.fixtures.factories import PASSWORD, make_community
from tests.fixtures.oversight import make_org, make_overseers


@pytest.mark.browser
def test_owner_escalates_and_reads_the_answer_on_a_phone(browser, live, tmp_path):
    community = make_community()
    other = make_community(name="别的小区", code="other", buildings=1)
    make_overseers(make_org(community, other))
    create_user("staff", PASSWORD, "staff")
    ticket = services.register_ticket(
        community.id, channel="owner_web", ticket_type="complaint", category="噪音",
        description="夜间施工噪音", received_at=utcnow() - timedelta(days=10))
    ticket.complete_due = utcnow() - timedelta(days=2)
    db.session.commit()

    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live}/feedback/track/{ticket.tracking_code}")
    assert page.locator("#escalation").count() == 1
    assert_accessible(page, "tracking page with the escalation form")
    page.fill("form[action$='/escalate'] textarea[name=note]", "物业一直不处理")
    page.click("form[action$='/escalate'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    assert "街道已受理" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    db.session.expire_all()
    case = db.session.scalar(select(Escalation))
    escalations.answer(case, None, "经核查，施工已停止。")
    db.session.commit()
    page.reload()
    assert "经核查，施工已停止。" in page.content()
    assert_accessible(page, "tracking page with the sub-district's answer")
    page.screenshot(path=str(tmp_path / "answered.png"), full_page=True)
