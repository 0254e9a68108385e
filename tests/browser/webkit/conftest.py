"""WebKit fixtures (issue 20): the engine of Safari and of every iOS browser, WeChat's
included (WKWebView). Debian's WebKitGTK MiniBrowser, driven by WebKitWebDriver through
Selenium, on a private Xvfb display; the app is the one the Chromium tests serve (``live``).

Skipped only where WebKitWebDriver is not installed (Debian: webkit2gtk-driver, with xvfb);
scripts/test.sh installs both, so CI runs these tests.
"""

from __future__ import annotations

import pytest

from survey_app.assessments import services as assessments
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition, parse_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services as surveys
from tests.fixtures.assessments import SHEET_YAML
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.surveys import OWNER_YAML, codes_of
from tests.fixtures.webkit import MINIBROWSER, WEBDRIVER, CuttableProxy, start_webkit, start_xvfb


@pytest.fixture(scope="session")
def display():
    """One Xvfb display for the session; every test starts its own browser on it."""
    if not WEBDRIVER:
        pytest.skip("WebKitWebDriver is not installed (Debian: apt-get install "
                    "webkit2gtk-driver xvfb); scripts/test.sh installs it")
    if not MINIBROWSER:
        pytest.fail("WebKitWebDriver is installed but not MiniBrowser (libwebkit2gtk-4.1-0)")
    server, name = start_xvfb()
    yield name
    server.terminate()
    server.wait(10)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the webkit fixture knows it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


#: what the page looked like when a test failed: its address, each item's state line and
#: classes, the offline banner and any error shown (WebDriver's own errors say none of it)
PAGE_STATE = """return [location.href, document.readyState,
  (document.getElementById('walk-offline-banner') || {}).textContent || '',
  ...Array.from(document.querySelectorAll('[data-item]')).map(a => a.id + ' [' +
    a.className + '] ' + ((a.querySelector('[data-state]') || {}).textContent || '').trim() +
    ((a.querySelector('details.item-more') || {}).open ? ' (form open)' : '')),
  ...Array.from(document.querySelectorAll('.error, .flash')).map(e => 'message: ' +
    e.textContent.trim())].join('\\n')"""


def _print_state(driver) -> None:
    try:
        print("WebKit page when the test failed:\n" + driver.execute_script(PAGE_STATE))
    except Exception as exc:  # noqa: BLE001  (a diagnosis must not hide the failure)
        print(f"WebKit page state unavailable: {exc!r}")


@pytest.fixture
def webkit(display, tmp_path, request):
    """Start WebKit browsers for this test (``webkit()``, or ``webkit(service_workers=False)``
    for an in-app WebView without them); each has fresh storage; all quit at the end, after
    printing the state of their page if the test failed."""
    drivers = []

    def start(service_workers: bool = True):
        log = open(tmp_path / f"webkitwebdriver-{len(drivers)}.log", "w")  # noqa: SIM115
        driver = start_webkit(display, service_workers=service_workers, log=log)
        drivers.append((driver, log))
        return driver

    yield start
    report = getattr(request.node, "report_call", None)
    for driver, log in drivers:
        if report is not None and report.failed:
            _print_state(driver)
        try:
            driver.quit()
        finally:
            log.close()


@pytest.fixture
def proxy(live):
    """The live app behind a proxy whose network the test cuts (``down()``) and restores."""
    port = int(live.rsplit(":", 1)[1])
    cut = CuttableProxy(port)
    yield cut
    cut.down()


@pytest.fixture
def sheet_url():
    """A third-party sheet ready to score by the lead assessor 'assessor'; its URL."""
    version, _created = publish(parse_definition(SHEET_YAML))
    community = make_community()
    lead = create_user("assessor", PASSWORD, "assessor", [community.id])
    other = create_user("assessor2", PASSWORD, "assessor", [community.id])  # two at least
    org = assessments.create_organisation(name="某某第三方评估有限公司", contact="赵经理")
    project = assessments.create_project(make_period(community), organisation_id=org.id,
                                         version_id=version.id, assessor_ids=[lead.id, other.id],
                                         lead_id=lead.id)
    db.session.commit()
    return f"/assessments/{project.id}/sheet"


@pytest.fixture
def owner_codes():
    """Access codes of an open owner survey."""
    version, _created = publish(load_definition(OWNER_YAML))
    survey = surveys.publish_survey(make_period(make_community()), version.id, "codes")
    db.session.commit()
    return codes_of(survey)
