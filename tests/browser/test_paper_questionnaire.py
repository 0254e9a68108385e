"""Staff on a laptop (CSRF on): the paper-entry form numbers its questions as the printed
questionnaire it links to does, so question 28 on paper is question 28 on the screen."""

from __future__ import annotations

import re
import subprocess

import pytest

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services
from tests.fixtures.factories import PASSWORD, make_community, make_period
from tests.fixtures.surveys import OWNER_YAML


@pytest.mark.browser
def test_entry_form_and_printed_sheet_agree(browser, live, tmp_path):
    version, _created = publish(load_definition(OWNER_YAML))
    period = make_period(make_community())
    services.publish_survey(period, version.id, "codes")
    create_user("quality", PASSWORD, "staff")
    db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live}/login")
    page.fill("input[name=username]", "quality")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live}/surveys/{period.community_id}/{period.id}/paper")
    numbers = [t.strip() for t in page.locator("table.paper td.qn").all_inner_texts()]
    assert numbers == [f"{n}." for n in range(1, len(numbers) + 1)] and len(numbers) == 29
    first_column = page.locator("table.paper tbody tr td:first-child").all_inner_texts()
    assert not any(re.search(r"[a-z]", cell) for cell in first_column)  # no internal ids
    # the 不适用 box of question 1 is typed as 0 into the field named for question 1
    assert page.get_by_label("第1题").count() == 1
    # the link the page offers, fetched with the page's own sign-in (Chromium would show
    # the PDF inline rather than download it)
    href = page.get_by_role("link", name="打印纸质问卷（PDF）").get_attribute("href")
    response = page.request.get(live + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.body(), capture_output=True,
                          check=True).stdout.decode("utf-8").replace("\f", "\n")
    printed = re.findall(r"(?m)^(\d+)\.\s*\S", text)
    assert [f"{n}." for n in printed] == numbers
    rows = page.locator("table.paper tbody tr")
    question_28 = rows.nth(27).locator("td").nth(1).inner_text()
    assert question_28.split("（")[0] in text.replace("\n", "")
