"""Third-party assessment in a browser (tablet width, CSRF on): score, review, rescore, sign off
(the lead, then the other assessor from their own login)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from survey_app.assessments import services
from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.factories import PASSWORD, make_community, make_period

SHEET = Path(__file__).resolve().parents[2] / "questionnaires" / "third_party.yaml"


def _project():
    community = make_community()
    period = make_period(community)
    version, _ = publish(load_definition(SHEET))
    lead = create_user("lead", PASSWORD, "assessor", [community.id], display_name="评估员 张工")
    other = create_user("chen", PASSWORD, "assessor", [community.id], display_name="评估员 陈工")
    org = services.create_organisation(name="某某第三方评估有限公司")
    project = services.create_project(period, organisation_id=org.id, version_id=version.id,
                                      assessor_ids=[lead.id, other.id], lead_id=lead.id)
    db.session.commit()
    return project.id


def _sign_in(page, live, username):
    page.goto(f"{live}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _press(page, selector: str) -> None:
    """Press a sheet button and wait for the page it posts: the sheet first asks the server
    whether it is reachable (else it keeps the sheet on the phone), so the post comes a
    moment after the click (issue 20)."""
    with page.expect_navigation():
        page.click(selector)


def _fill_sheet(page, base: float, photo=None):
    inputs = page.locator("input[type=number]")
    for n in range(inputs.count()):
        field = inputs.nth(n)
        top = float(field.get_attribute("max"))
        field.fill(f"{min(top, round(2 * base * top) / 2):g}")
    if photo:
        page.set_input_files("input[name=photo-cl2]", str(photo))
        # submitting without the tick is refused, but the chosen photo is kept (issue 16)
        _press(page, "button[value=submit]")
        assert page.locator(".field.confirm.has-error").count() == 1
        assert page.locator("#item-cl2 .photos img").count() == 1
    page.check("#confirm_submit")
    _press(page, "button[value=submit]")


@pytest.mark.browser
def test_score_review_rescore_sign_off(browser, live, tmp_path):
    project_id = _project()
    photo = tmp_path / "corridor.jpg"
    Image.new("RGB", (800, 600), (120, 110, 90)).save(photo, "JPEG")
    chen = browser.new_page(viewport={"width": 1024, "height": 768})
    _sign_in(chen, live, "chen")
    chen.goto(f"{live}/assessments/{project_id}/sheet")
    chen.fill("input[name=points-cl1]", "9")  # above the 4-point maximum
    _press(chen, "button[value=save]")
    assert chen.locator("#item-cl1.has-error").count() == 1
    _fill_sheet(chen, 0.6, photo)
    assert chen.locator("input[type=number]").count() == 0  # locked after submitting
    assert chen.locator(".photos img").count() == 1
    assert chen.goto(f"{live}/assessments/{project_id}/review").status == 200

    lead = browser.new_page(viewport={"width": 1024, "height": 768})
    _sign_in(lead, live, "lead")
    assert lead.goto(f"{live}/assessments/{project_id}/review").status == 403
    lead.goto(f"{live}/assessments/{project_id}/sheet")
    _fill_sheet(lead, 0.9)
    lead.goto(f"{live}/assessments/{project_id}/review")
    assert "ICC(2,k)" in lead.content()
    lead.check("#pick-cl2")
    lead.check("input[name=assessors] >> nth=1")
    lead.fill("textarea[name=note]", "请复核楼道")
    lead.click("form[action$='/rescore'] button[type=submit]")
    assert lead.locator(".sheet-rescore_requested").count() == 1

    chen.goto(f"{live}/assessments/{project_id}/sheet")
    assert "请复核楼道" in chen.content()
    assert chen.locator("input[type=number]").count() == 1
    chen.fill("input[name=points-cl2]", "4.5")
    chen.check("#confirm_submit")
    _press(chen, "button[value=submit]")
    assert chen.locator("input[type=number]").count() == 0

    lead.goto(f"{live}/assessments/{project_id}/review")
    lead.fill("textarea[name=strengths]", "保洁规范")
    lead.fill("textarea[name=problems]", "楼道堆物")
    lead.fill("textarea[name=recommendations]", "加强巡查")
    # 0.6 against 0.9 of each maximum: items flagged 分歧较大 need the acknowledgement
    assert "分歧较大" in lead.locator("#sign-off").inner_text()
    lead.check("#confirm")
    lead.click("#sign-off button[type=submit] >> nth=0")
    assert lead.locator("#sign-off .has-error").count() >= 1  # not acknowledged: refused
    lead.check("#confirm")
    lead.check("#acknowledge")
    lead.click("#sign-off button[type=submit] >> nth=0")
    # the lead's own signature; the other assessor signs from their own login
    assert "/review" in lead.url and lead.locator(".signatures td .muted").count() >= 1
    chen.goto(f"{live}/assessments/{project_id}/review")
    assert "楼道堆物" in chen.content()
    chen.check("#confirm")
    chen.check("#acknowledge")
    chen.click("form[action$='/countersign'] button[type=submit]")
    assert chen.url.endswith(f"/assessments/{project_id}/results")
    lead.goto(f"{live}/assessments/{project_id}/results")
    assert "楼道堆物" in lead.content() and "本人账号签字" in lead.content()
    lead.screenshot(path=str(tmp_path / "results.png"), full_page=True)
