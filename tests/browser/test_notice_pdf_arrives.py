"""An owner who opens the notice board moments after a 公示 was confirmed reads "PDF 正在生成…";
when the worker has kept the report, the download link and its fingerprint take the
message's place on the open page, without a reload (Chromium at phone width, real
WeasyPrint, the app's real CSP)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.jobs import services as jobs
from survey_app.jobs.models import Job
from survey_app.publishing import pdfs
from survey_app.publishing import services as publishing
from tests.browser.conftest import serve_app, watch_csp
from tests.fixtures.factories import make_community, make_period
from tests.fixtures.owners import add_responses, respondent

LEVEL = {"cleaning": 4, "greening": 4, "security": 5, "facilities": 3, "service": 4}


@pytest.fixture
def served(database_url, tmp_path, real_commits):
    with serve_app(database_url, tmp_path) as (url, app):
        yield url, app


@pytest.mark.browser
def test_the_download_link_replaces_the_pending_message(served, browser, monkeypatch):
    url, live_app = served
    community = make_community(name="阳光花园", code="yg-pdf")
    period = make_period(community, label="2026-Q4", status="closed", start=date(2026, 10, 1))
    add_responses(period, [respondent(LEVEL, "1号楼", 4)] * 6)
    monkeypatch.setattr(jobs, "enqueue_after_commit", lambda *args, **kwargs: None)
    publication = publishing.publish(period, "欢迎业主监督")  # the worker has not run yet
    db.session.commit()

    page = browser.new_context(viewport={"width": 360, "height": 740},
                               locale="zh-CN").new_page()
    refused = watch_csp(page)
    page.goto(f"{url}/notice/{community.id}")
    card = page.locator(f"#period-{period.id}")
    expect(card.locator(".pdf-pending")).to_contain_text("PDF 正在生成")
    page.evaluate("window.__stayed = true")  # gone if the page reloads

    with live_app.app_context():  # the worker, with the served app's storage
        job = db.session.scalar(select(Job).where(Job.subject_id == publication.id))
        pdfs.render_job(job)
        db.session.commit()
        db.session.remove()

    link = card.locator(".published-pdf a.button")
    expect(link).to_be_visible(timeout=20_000)
    assert link.get_attribute("href").endswith(f"/publications/{publication.id}.pdf")
    expect(card.locator(".fingerprint")).to_contain_text("sha256")
    assert card.locator(".pdf-pending").count() == 0
    assert page.evaluate("window.__stayed") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not refused, refused
