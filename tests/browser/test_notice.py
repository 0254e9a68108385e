"""Notice board (公示), results dashboard and ranking on a phone (360 × 740) in Chromium.

Owners read the notice board on their phones in the lobby (QR code), committee members open
the dashboard on theirs: no page may scroll sideways, the Chinese headings must be there, and
the charts must fit the screen. The numbers are real engine results on small arrays.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.publishing import services as publishing
from survey_app.results import services
from tests.fixtures import sample
from tests.fixtures.factories import PASSWORD, make_community, make_period

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def live(database_url, tmp_path, real_commits):
    """The app with CSRF on, served on a free port."""
    app = create_app({"SECRET_KEY": "browser-secret", "DATABASE_URL": database_url,
                      "RATELIMIT_ENABLED": False, "REPORTS_DIR": str(tmp_path / "r")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def published(monkeypatch):
    """Two communities with two closed quarters each; the newer quarter of the first is on
    the notice board. Numbers: engine results served as the periods' results."""
    table: dict[int, dict] = {}
    monkeypatch.setattr(services, "period_result_dict",
                        lambda period, scheme_version=None, intervals=True: table[period.id])
    first = make_community(name="阳光花园", code="yg", buildings=8)
    second = make_community(name="翠湖苑", code="ch", buildings=3)
    newest = {}
    for community, shift in ((first, 0.0), (second, -0.3)):
        old = make_period(community, label="2026-Q3", status="closed",
                          start=date(2026, 7, 1), end=date(2026, 9, 30))
        new = make_period(community, label="2026-Q4", status="closed")
        table[old.id] = sample.period_result(shift=shift - 0.4, seed=2, buildings=8).to_dict()
        table[new.id] = sample.period_result(
            shift=shift, buildings=8, previous=sample.owner_data(shift=shift - 0.4, seed=2,
                                                                 buildings=8)).to_dict()
        newest[community.id] = new
    create_user("staff1", PASSWORD, "staff", [])
    db.session.commit()
    publishing.publish(newest[first.id], "欢迎业主监督，有意见请到物业服务中心反映。")
    db.session.commit()
    return first, newest[first.id], table


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.table, .chart-box') && e.getBoundingClientRect().right > 361)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert not wide, f"{page.url}: elements beyond the screen: {wide}"


def _shot(page, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


@pytest.mark.browser
def test_notice_dashboard_and_ranking_on_a_phone(live, published, tmp_path):
    community, period, table = published
    composite = f"{table[period.id]['composite']['score']:.1f}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE, device_scale_factor=1)

        page.goto(f"{live}/notice/{community.id}")  # no login: owners scan a QR code
        assert page.locator("h1").inner_text().endswith("服务质量公示")
        assert page.locator("article h2").first.inner_text() == "2026-Q4"
        assert composite in page.locator("article .tile.main").inner_text()
        assert "清洁卫生" in page.locator("article table").inner_text()
        assert "欢迎业主监督" in page.content()
        _fits(page)
        _shot(page, tmp_path / "notice.png")

        page.goto(f"{live}/login")
        page.fill("input[name=username]", "staff1")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live}/results/{community.id}/{period.id}")
        headings = page.locator("h2").all_inner_texts()
        assert {"各维度", "趋势", "分楼栋结果", "重要性–表现分析"} <= set(headings), headings
        assert composite in page.locator(".tile.main").inner_text()
        for chart in page.locator(".chart-box").all():  # readable charts scroll in their box
            box = chart.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            assert chart.locator("svg").bounding_box()["height"] > 150
        _fits(page)
        _shot(page, tmp_path / "dashboard.png")

        page.goto(f"{live}/results/ranking")
        assert page.locator("h1").inner_text() == "小区排名"
        rows = page.locator("table.ranking tbody tr").all_inner_texts()
        assert rows[0].split()[1] == "阳光花园" and "翠湖苑" in rows[1]
        _fits(page)
        _shot(page, tmp_path / "ranking.png")
        browser.close()
