"""Issue 14, item 4 on a phone (360 × 740) in Chromium: an owner downloads the published
PDF from the notice board, checks it on /verify (recognised), then checks a copy with one
byte changed (refused with a clear message). No page may scroll sideways."""

from __future__ import annotations

import hashlib
import threading
from datetime import date

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.extensions import db
from survey_app.publishing import services as publishing
from survey_app.results import services
from tests.browser.conftest import CHROMIUM_ARGS
from tests.fixtures import sample
from tests.fixtures.factories import make_community, make_period

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def live(app, database_url, real_commits):
    """The app with CSRF on, sharing the test app's report folder (where publishing kept
    the PDF), served on a free port."""
    served = create_app({"SECRET_KEY": "browser-secret", "DATABASE_URL": database_url,
                         "RATELIMIT_ENABLED": False, "REPORTS_DIR": app.config["REPORTS_DIR"]})
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with served.app_context():
        db.engine.dispose()


@pytest.fixture
def published(monkeypatch, app):
    """A closed quarter of 阳光花园 on the notice board (engine results as its numbers)."""
    table: dict[int, dict] = {}
    monkeypatch.setattr(services, "period_result_dict",
                        lambda period, scheme_version=None, intervals=True: table[period.id])
    community = make_community(name="阳光花园", code="yg", buildings=3)
    old = make_period(community, label="2026-Q3", status="closed",
                      start=date(2026, 7, 1), end=date(2026, 9, 30))
    new = make_period(community, label="2026-Q4", status="closed")
    table[old.id] = sample.period_result(shift=-0.4, seed=2).to_dict()
    table[new.id] = sample.period_result(previous=sample.owner_data(shift=-0.4, seed=2)).to_dict()
    db.session.commit()
    with app.test_request_context():
        publishing.publish(new, "欢迎业主监督。")
        db.session.commit()
    return community


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


@pytest.mark.browser
def test_owner_checks_the_published_pdf_on_a_phone(live, published, tmp_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, device_scale_factor=1,
                                      accept_downloads=True)
        page = context.new_page()
        page.goto(f"{live}/notice/{published.id}")
        fingerprint = page.locator(".published-pdf .fingerprint").inner_text()
        assert fingerprint.startswith("sha256 ")
        _fits(page)
        with page.expect_download() as info:
            page.click("text=下载公示的测评报告（PDF）")
        original = tmp_path / "published.pdf"
        info.value.save_as(str(original))
        pdf = original.read_bytes()
        assert hashlib.sha256(pdf).hexdigest() == fingerprint.split()[-1]

        page.click("text=核验手中的报告是否为此公示原件")
        assert page.locator("h1").inner_text() == "核验公示报告"
        _fits(page)
        page.set_input_files("input[type=file]", str(original))
        page.click("button[type=submit]")
        result = page.locator(".verify-result").inner_text()
        assert "这是公示的测评报告原件" in result and "阳光花园" in result and "2026-Q4" in result
        _fits(page)
        page.screenshot(path=str(tmp_path / "verified.png"), full_page=True)

        changed = bytearray(pdf)
        changed[len(changed) // 2] ^= 0x20
        altered = tmp_path / "altered.pdf"
        altered.write_bytes(bytes(changed))
        page.set_input_files("input[type=file]", str(altered))
        page.click("button[type=submit]")
        assert page.locator(".verify-result").count() == 0
        assert "不是公示的测评报告" in page.locator("p.error").inner_text()
        _fits(page)
        page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
        browser.close()


@pytest.fixture
def failed(monkeypatch, app, users):
    """阳光花园's quarter published, its PDF not rendered: the worker's render failed."""
    from survey_app.ledger import documents

    real = documents.write_report

    def broken(doc):
        raise RuntimeError("WeasyPrint: 找不到字体 Noto Sans CJK SC，" + "x" * 300)

    monkeypatch.setattr(documents, "write_report", broken)
    table: dict[int, dict] = {}
    monkeypatch.setattr(services, "period_result_dict",
                        lambda period, scheme_version=None, intervals=True: table[period.id])
    community = make_community(name="阳光花园", code="yg", buildings=3)
    period = make_period(community, label="2026-Q4", status="closed")
    table[period.id] = sample.period_result().to_dict()
    db.session.commit()
    with app.test_request_context():
        publishing.publish(period, "欢迎业主监督。")
        db.session.commit()  # the test queue runs the PDF job here: it fails
    monkeypatch.setattr(documents, "write_report", real)  # the font is back for the retry
    return community


@pytest.mark.browser
def test_pdf_pending_for_owners_and_a_failed_render_retried_by_staff_on_a_phone(
        live, failed, tmp_path):
    from survey_app.jobs.models import Job
    from survey_app.publishing.tasks import render_notice_pdf
    from tests.fixtures.factories import PASSWORD

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE, device_scale_factor=1).new_page()
        page.goto(f"{live}/notice/{failed.id}")
        assert page.locator(".pdf-pending").inner_text().startswith("PDF 正在生成…")
        assert page.locator(".pdf-failed").count() == 0  # owners are not shown the failure
        _fits(page)

        page.goto(f"{live}/login")
        page.fill("input[name=username]", "staff")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{live}/notice/{failed.id}")
        assert "找不到字体" in page.locator(".pdf-failed").inner_text()
        _fits(page)
        page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
        page.click("text=重新生成 PDF")  # the served app queues it for a worker
        assert "PDF 正在重新生成" in page.locator(".flash").first.inner_text()
        assert page.locator(".pdf-pending").inner_text().startswith("PDF 正在生成…")
        _fits(page)

        job = db.session.scalar(select(Job).where(Job.kind == "notice_pdf"))
        render_notice_pdf.call_local(job.id)  # what the worker does with the message
        page.reload()
        assert page.locator(".published-pdf .fingerprint").inner_text().startswith("sha256 ")
        _fits(page)
        browser.close()
