"""Issue 13 items 5 and 6 in Chromium at phone width (360 × 740), CSRF on, real data.

A committee member reads the dashboard of a period with a small building on a phone: the
building shows 样本不足 and the page does not scroll sideways. Staff scoped to one community
create an API token through the real form (shown once), use it, and revoke it.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from survey_app.auth.services import create_user
from survey_app.communities.models import Building
from survey_app.extensions import db
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.owners import add_responses, uniform

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_cells(live):
    """A closed period: 1号楼 8 responses, 2号楼 2, 3号楼 6, 4号楼 10; committee and staff."""
    community = make_community(name="阳光花园", code="yg", buildings=2)
    for n in (3, 4):
        db.session.add(Building(community=community, name=f"{n}号楼", sort_key=n))
    db.session.flush()
    period = make_period(community, status="closed")
    cells = {"1号楼": (8, 5), "2号楼": (2, 1), "3号楼": (6, 2), "4号楼": (10, 4)}
    add_responses(period, [uniform(v, name, v) for name, (n, v) in cells.items()
                           for _ in range(n)])
    create_user("weiyuan", PASSWORD, "committee", [community.id])
    create_user("pinzhi", PASSWORD, "staff", [community.id])
    db.session.commit()
    return community, period


def _login(page, live, username):
    page.goto(f"{live}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def _api(live, raw, path):
    request = urllib.request.Request(f"{live}/api/v1{path}",
                                     headers={"Authorization": f"Bearer {raw}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.browser
def test_small_building_on_a_phone_and_a_token_made_in_the_browser(live, browser, small_cells,
                                                                   tmp_path):
    community, period = small_cells
    page = browser.new_page(viewport=PHONE, device_scale_factor=1)
    _login(page, live, "weiyuan")
    page.goto(f"{live}/results/{community.id}/{period.id}")
    rows = {r.split()[0]: r for r in page.locator("table tbody tr").all_inner_texts()
            if "号楼" in r}
    assert "样本不足" in rows["2号楼"] and "样本不足" in rows["3号楼"]
    assert "100.0" in rows["1号楼"] and "样本不足" not in rows["4号楼"]
    _fits(page)
    page.screenshot(path=str(tmp_path / "cells.png"), full_page=True)

    page.goto(f"{live}/logout")
    page.context.clear_cookies()
    _login(page, live, "pinzhi")
    page.goto(f"{live}/reports/api-tokens")
    page.fill("input[name=name]", "集团 BI")
    page.fill("input[name=days]", "30")
    page.click("button.primary")
    raw = page.locator("#new-token").inner_text()
    assert raw.startswith("sqa_")
    assert _api(live, raw, f"/periods/{period.id}") == 403  # closed: needs 'unpublished'
    assert _api(live, raw, f"/communities/{community.id}") == 200
    page.goto(f"{live}/reports/api-tokens")
    assert raw not in page.content()  # shown once
    _fits(page)
    page.screenshot(path=str(tmp_path / "tokens.png"), full_page=True)
    page.click("text=吊销")
    assert _api(live, raw, "/communities") == 401
    Path(tmp_path / "cells.png").stat()
