"""Staff on a laptop (CSRF on): the AHP form shows weights and CR as they choose, the server
refuses an inconsistent matrix naming the pair the page outlines, then previews a consistent
one and saves it on confirmation."""

from __future__ import annotations

import pytest

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.results import schemes
from tests.fixtures.factories import PASSWORD, make_community


@pytest.mark.browser
def test_ahp_form_live_weights_refusal_and_save(browser, live, tmp_path):
    community = make_community()
    create_user("quality", PASSWORD, "staff")
    db.session.commit()
    page = browser.new_page(viewport={"width": 1024, "height": 800})
    page.goto(f"{live}/login")
    page.fill("input[name=username]", "quality")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live}/results/{community.id}/scheme/ahp/_root")
    assert page.locator("#ahp-cr").inner_text() == "0.000"
    assert page.locator('[data-weight="0"]').inner_text() == "20.0%"
    # a cycle: cleaning ≫ greening ≫ security ≫ cleaning
    page.select_option("#p_0_1", "9")
    page.select_option("#p_1_2", "9")
    page.select_option("#p_0_2", "1/9")
    assert float(page.locator("#ahp-cr").inner_text()) > 0.1
    assert page.locator(".pair.bad-pair").count() == 1
    page.click("#ahp-form button[value=preview]")
    error = page.locator("#ahp-error").inner_text()
    # a pure cycle makes every pair equally bad: whichever pair the server names, the page
    # outlines that same pair (and only it)
    outlined = page.locator(".pair.bad-pair")
    assert outlined.count() == 1 and "CR" in error
    first, second = outlined.locator("label").inner_text().split(" — ")
    assert first in error and second in error
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    # cleaning moderately more important than each other dimension: consistent
    page.select_option("#p_0_1", "3")
    page.select_option("#p_1_2", "1")
    page.select_option("#p_0_2", "3")
    for j in (3, 4):
        page.select_option(f"#p_0_{j}", "3")
    assert page.locator('[data-weight="0"]').inner_text() == "42.9%"
    page.click("#ahp-form button[value=preview]")
    preview = page.locator("#weights-preview")
    assert "42.9%" in preview.inner_text() and "20.0%" in preview.inner_text()
    assert "/scheme/ahp/" in page.url  # previewed, not saved yet
    preview.screenshot(path=str(tmp_path / "preview.png"))
    page.click("#weights-preview button[value=save]")
    assert page.url.endswith(f"/results/{community.id}/scheme")
    db.session.expire_all()
    active = schemes.active_version(community.id)
    assert active.weight_method == "ahp"
    assert active.method_details["groups"]["_root"]["weights"]["cleaning"] == pytest.approx(3 / 7)
