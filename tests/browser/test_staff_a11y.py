"""Staff pages with assistive technology (issue 16, "Large text and assistive technology"):
axe-core (npm) checks the main staff pages of the demo community for WCAG 2.1 A/AA
violations at phone width (360 px) and on a laptop (1280 px), signed in as the role that
uses each page. The demo data (``flask seed-demo``) gives every page real content: scored
quarters, signed and open inspections, rectifications, tickets and a pending act.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.acts import services as acts
from survey_app.communities.models import Community, Period
from survey_app.demo import DEMO_CODE, DEMO_USERS, seed_all
from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.inspections.models import Inspection, Rectification
from tests.fixtures.axe import violations

WIDTHS = ({"width": 360, "height": 740}, {"width": 1280, "height": 800})
PASSWORDS = {name: password for name, password, *_rest in DEMO_USERS}
#: set SURVEY_APP_SHOTS=<folder> to keep a screenshot of every page checked
SHOTS = os.environ.get("SURVEY_APP_SHOTS") and Path(os.environ["SURVEY_APP_SHOTS"])


@pytest.fixture
def demo(live):
    """The demo community with a pending proposal to close its open quarter; returns ids."""
    for _line in seed_all():
        pass
    community = db.session.scalar(select(Community).filter_by(code=DEMO_CODE))
    periods = {p.label: p for p in db.session.scalars(
        select(Period).filter_by(community_id=community.id))}
    staff = _user("staff")
    proposal = acts.propose(staff, periods["2026-Q4"], "close", note="季度测评结束")
    db.session.commit()
    current = db.session.scalar(select(Inspection).filter_by(
        community_id=community.id, status="in_progress"))
    signed = db.session.scalar(select(Inspection).filter_by(
        community_id=community.id, status="signed").order_by(Inspection.id.desc()).limit(1))
    return {"c": community.id, "q4": periods["2026-Q4"].id, "q3": periods["2026-Q3"].id,
            "proposal": proposal.id, "current": current.id, "signed": signed.id,
            "rect": db.session.scalar(select(Rectification.id).filter_by(
                community_id=community.id).limit(1)),
            "ticket": db.session.scalar(select(Ticket.id).filter_by(
                community_id=community.id).limit(1))}


def _user(username):
    from survey_app.auth.models import User

    return db.session.scalar(select(User).filter_by(username=username))


def _pages(d: dict) -> dict[str, list[str]]:
    """Role → the staff pages that role works on."""
    c = d["c"]
    return {
        "staff": [f"/results/{c}/{d['q3']}", f"/results/{c}/{d['q4']}",
                  f"/results/{c}/periods/{d['q3']}", "/results/ranking",
                  f"/inspections/c/{c}/rectifications",
                  f"/inspections/c/{c}/rectifications/{d['rect']}",
                  f"/feedback/{c}/tickets", f"/feedback/{c}/tickets/{d['ticket']}",
                  f"/surveys/{c}/{d['q4']}", f"/acts/{c}/{d['q4']}"],
        "committee": [f"/inspections/c/{c}/", f"/inspections/c/{c}/{d['signed']}",
                      f"/inspections/c/{c}/{d['current']}",
                      f"/inspections/c/{c}/{d['current']}/walk",
                      f"/acts/{c}/proposals/{d['proposal']}"],
    }


def _signed_in(browser, live, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(live + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    return context, page


def _check(page, where: str, found: list[str]) -> None:
    """Collect axe's words for every A/AA violation (so one run names them all)."""
    for v in violations(page):
        found.append(f"{where}: {v['id']} ({v['impact']}) {v['help']} -> {v['nodes'][:3]}")
    if SHOTS:
        name = where.strip("/").replace("/", "_") or "home"
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _signing_link(browser, page, live, d: dict, viewport, found: list[str]) -> None:
    """The committee shows a participant without an account a QR signing link, and the
    participant opens the public signing page on their own (signed-out) phone."""
    width = viewport["width"]
    page.goto(f"{live}/inspections/c/{d['c']}/{d['current']}")
    button = page.get_by_role("button", name="签字链接（二维码）").first
    if button.count() == 0:
        found.append("record page: no 签字链接 button for a participant without an account")
        return
    button.click()
    page.wait_for_selector(".qr svg")
    _check(page, f"signing link @{width}", found)
    url = page.locator("#signing-url").get_attribute("href")
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    phone = context.new_page()
    assert phone.goto(url).status == 200
    _check(phone, f"/sign/… @{width}", found)
    context.close()


@pytest.mark.browser
def test_main_staff_pages_pass_axe_at_360_and_1280(live, demo, browser):
    found: list[str] = []
    for viewport in WIDTHS:
        width = viewport["width"]
        for username, urls in _pages(demo).items():
            context, page = _signed_in(browser, live, username, viewport)
            for url in urls:
                response = page.goto(live + url)
                assert response.status == 200, (url, response.status)
                _check(page, f"{url} @{width}", found)
            if username == "committee":
                _signing_link(browser, page, live, demo, viewport, found)
            context.close()
    assert not found, "\n".join(found)
