"""Disclosures (公示事项) on a phone: the committee confirms a fee account on its phone, and an
owner reads it from the notice board at 360 px without sideways scrolling; both pages pass
axe-core (WCAG 2.1 A/AA) (issue 19 item 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.disclosures import demo, services
from survey_app.disclosures.models import Disclosure
from survey_app.extensions import db
from tests.fixtures.axe import violations
from tests.fixtures.factories import PASSWORD, make_community

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def pending(live):
    """A fee account submitted by the company, awaiting the committee's confirmation."""
    community = make_community()
    staff = create_user("quality", PASSWORD, "staff")
    create_user("chair", PASSWORD, "committee", [community.id])
    draft = services.create_draft(staff, community, "fees", "2026年第三季度物业费收支情况",
                                  "2026-Q3", demo.FEES)
    services.submit(staff, draft)
    db.session.commit()
    return community.id, draft.id


def _wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.browser
def test_committee_confirms_on_a_phone_and_owners_read_it(live, pending, browser):
    community_id, disclosure_id = pending
    phone = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    phone.goto(f"{live}/login")
    phone.fill("input[name=username]", "chair")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("form button[type=submit]").last.click()
    phone.goto(f"{live}/disclosures/{community_id}/{disclosure_id}")
    assert _wide(phone) <= 360 and not violations(phone)
    phone.get_by_role("button", name="确认并公示").click()
    phone.wait_for_load_state()
    assert "已确认" in phone.content()

    owner = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    owner.goto(f"{live}/notice/{community_id}")
    owner.get_by_role("link", name="2026年第三季度物业费收支情况").click()
    owner.wait_for_load_state()
    text = owner.inner_text("main") if owner.locator("main").count() else owner.inner_text("body")
    assert "547,260.00" in text and "57,326.45" in text and "业主委员会" in text
    assert _wide(owner) <= 360
    found = violations(owner)
    assert not found, found
    db.session.expire_all()
    assert db.session.scalar(select(Disclosure.status).filter_by(id=disclosure_id)) == "published"
