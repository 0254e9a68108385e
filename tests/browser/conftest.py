"""Browser fixtures: the app served with CSRF on, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.extensions import db
from tests.fixtures.fake_providers import sms_config, start_aliyun, start_wechat, wechat_config
from tests.fixtures.offline import joint_walk_url  # noqa: F401

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@contextmanager
def serve_app(database_url, tmp_path, **config):
    """The app with CSRF on and ``config`` on top, served on a free port: (base URL, app)."""
    app = create_app({"SECRET_KEY": "browser-secret", "DATABASE_URL": database_url,
                      "RATELIMIT_ENABLED": False, "UPLOAD_DIR": str(tmp_path / "u"),
                      "REPORTS_DIR": str(tmp_path / "r"), **config})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def live(database_url, tmp_path, real_commits):
    """The app with CSRF on, served on a free port; yields its base URL."""
    with serve_app(database_url, tmp_path) as (url, _app):
        yield url


@pytest.fixture
def sms_live(database_url, tmp_path, real_commits):
    """The app with SMS pointed at a fake Aliyun server; yields (url, fake, app)."""
    fake = start_aliyun()
    try:
        with serve_app(database_url, tmp_path, **sms_config(fake, SMS_TIMEOUT=5)) as (url, app):
            yield url, fake, app
    finally:
        fake.stop()


@pytest.fixture
def wechat_live(database_url, tmp_path, real_commits):
    """The app with WeChat pointed at a fake server; yields (url, fake)."""
    fake = start_wechat()
    try:
        with serve_app(database_url, tmp_path, **wechat_config(fake)) as (url, _app):
            yield url, fake
    finally:
        fake.stop()


@pytest.fixture
def browser():
    """Headless Chromium from Debian (/usr/bin/chromium), no network beyond localhost."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def watch_csp(page) -> list[str]:
    """The page's Content-Security-Policy refusals, as Chromium reports each on the console:
    a test that asserts the list is empty proves the page works under the real policy."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refused
