"""The editor for checklists (joint, internal, third-party): max points, 按处扣分 with a floor,
photo items, 不适用, problems on their fields, points that must add up, the walk-round preview."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.models import QuestionnaireDraft
from tests.fixtures.checklists import org_with_lead
from tests.fixtures.factories import login


def _draft(client, community, source):
    response = client.post(f"/questionnaires/drafts/{community.id}/new",
                           data={"source": f"file:{source}"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return db.session.scalars(select(QuestionnaireDraft)
                              .order_by(QuestionnaireDraft.id.desc())).first()


def _base(draft):
    return f"/questionnaires/drafts/{draft.community_id}/{draft.id}"


def _definition(draft):
    """A copy of the stored definition (changing it must not touch the session's row)."""
    db.session.expire_all()
    return copy.deepcopy(db.session.get(QuestionnaireDraft, draft.id).definition)


def _item_data(**changes):
    data = {"item_id": "lift_car", "type": "points", "text_zh": "电梯轿厢整洁、照明完好",
            "text_en": "Lift car clean and lit", "allow_na": "y", "dimension": "",
            "max_points": "5", "deduction_per": "1", "deduction_floor": "",
            "deduction_rule_zh": "每处扣1分", "pass_line": "4", "standard_zh": "无污渍、无损坏",
            "max_photos": "4", "options": "", "show_if_item": "", "show_if_value": ""}
    data.update(changes)
    return data


def _field_error(page: str, field: str) -> str | None:
    """The error text shown in the marked field's box, if any."""
    found = re.search(rf'<div class="field [^"]*has-error">\s*<label for="{field}".*?'
                      r'<p class="error">(.*?)</p>', page, re.S)
    return found.group(1) if found else None


def test_joint_checklist_item_with_deduction_rule_and_floor(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "joint_inspection.yaml")
    form = client.get(_base(draft) + "/sections/0/items/0").get_data(as_text=True)
    assert 'name="max_points"' in form and 'name="deduction_per"' in form
    response = client.post(_base(draft) + "/sections/0/items/new",
                           data=_item_data(deduction_floor="2"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    item = _definition(draft)["sections"][0]["items"][-1]
    assert item["max_points"] == 5 and item["pass_line"] == 4 and item["max_photos"] == 4
    assert item["deduction"]["per"] == 1 and item["deduction"]["floor"] == 2
    assert item["deduction"]["rule"] == {"zh_CN": "每处扣1分"}
    assert item["allow_na"] is True and item["standard"] == {"zh_CN": "无污渍、无损坏"}
    # editing the item again keeps the deduction's unit and shows the stored values
    page = client.get(_base(draft) + f"/sections/0/items/{len(_definition(draft)['sections'][0]['items']) - 1}")
    assert 'value="2"' in page.get_data(as_text=True)


def test_deduction_larger_than_the_item_is_refused_on_its_field(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "joint_inspection.yaml")
    before = _definition(draft)
    response = client.post(_base(draft) + "/sections/0/items/new",
                           data=_item_data(deduction_per="8"))
    assert response.status_code == 400
    assert "more than the item" in _field_error(response.get_data(as_text=True), "deduction_per")
    response = client.post(_base(draft) + "/sections/0/items/new",
                           data=_item_data(deduction_floor="5"))
    assert response.status_code == 400
    assert "below max_points" in _field_error(response.get_data(as_text=True),
                                              "deduction_floor")
    response = client.post(_base(draft) + "/sections/0/items/new",
                           data=_item_data(pass_line="9"))
    assert "cannot exceed" in _field_error(response.get_data(as_text=True), "pass_line")
    response = client.post(_base(draft) + "/sections/0/items/new",
                           data=_item_data(deduction_per="", deduction_floor="1"))
    assert response.status_code == 400
    assert _field_error(response.get_data(as_text=True), "deduction_per")
    assert _definition(draft) == before  # nothing saved half-way


def test_internal_checklist_photo_item_and_points_item_needs_max_points(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "internal_inspection.yaml")
    response = client.post(_base(draft) + "/sections/0/items/new", data=_item_data(
        item_id="night_photo", type="photo", text_zh="夜间巡查照片", max_points="",
        deduction_per="", pass_line="", deduction_rule_zh="", max_photos="6"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _definition(draft)["sections"][0]["items"][-1]["type"] == "photo"
    response = client.post(_base(draft) + "/sections/0/items/new", data=_item_data(
        item_id="no_max", max_points="", deduction_per="", pass_line=""))
    assert response.status_code == 400
    assert "needs max_points" in _field_error(response.get_data(as_text=True), "max_points")


def test_third_party_sheet_edited_by_the_lead_with_problems_by_path(client, community, users):
    org, _lead, _plain = org_with_lead(community)
    login(client, "lead_assessor")
    base = f"/questionnaires/sheets/{org.id}"
    assert client.post(base, data={"source": "file:third_party.yaml"}).status_code == 302
    draft = db.session.scalars(select(QuestionnaireDraft)
                               .order_by(QuestionnaireDraft.id.desc())).first()
    assert draft.organisation_id == org.id and draft.community_id is None
    definition = _definition(draft)
    item = definition["sections"][0]["items"][0]
    item["allow_na"] = False  # 不适用 not allowed for this item
    item["deduction"] = {"per": item["max_points"] + 1}
    response = client.post(f"{base}/{draft.id}", data={"yaml": yaml.safe_dump(
        definition, allow_unicode=True, sort_keys=False)})
    assert response.status_code == 302
    page = client.get(f"{base}/{draft.id}").get_data(as_text=True)
    assert "<code>sections[0].items[0].deduction.per</code>" in page
    item["deduction"] = {"per": 1, "floor": 1}
    client.post(f"{base}/{draft.id}", data={"yaml": yaml.safe_dump(
        definition, allow_unicode=True, sort_keys=False)})
    preview = client.get(f"{base}/{draft.id}/preview").get_data(as_text=True)
    assert f'id="item-{item["id"]}"' in preview and "最低1" in preview
    assert _definition(draft)["sections"][0]["items"][0]["allow_na"] is False
    # the lead uses the same item editor: scoring fields, problems on their field
    form = client.get(f"{base}/{draft.id}/sections/0/items/0").get_data(as_text=True)
    assert 'name="deduction_floor"' in form and f'action="{base}/{draft.id}' not in form
    response = client.post(f"{base}/{draft.id}/sections/0/items/new",
                           data=_item_data(item_id="tp_extra", deduction_per="9"))
    assert response.status_code == 400
    assert "more than the item" in _field_error(response.get_data(as_text=True), "deduction_per")
    data = _item_data(item_id="tp_extra")
    del data["allow_na"]  # an unticked box: 不适用 not allowed for this item
    response = client.post(f"{base}/{draft.id}/sections/0/items/new", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{base}/{draft.id}#outline")
    added = _definition(draft)["sections"][0]["items"][-1]
    assert added["id"] == "tp_extra" and added["allow_na"] is False
    assert client.post(f"{base}/{draft.id}/sections/0/items/0/down").status_code == 302
    assert _definition(draft)["sections"][0]["items"][1]["id"] == item["id"]
    page = client.get(f"{base}/{draft.id}").get_data(as_text=True)
    assert f'action="{base}/{draft.id}/sections/add"' in page
    # a third-party sheet is not the community's to draft
    client.post("/logout")
    login(client, "staff")
    response = client.post(f"/questionnaires/drafts/{community.id}/new",
                           data={"source": "file:third_party.yaml"})
    assert response.status_code == 400 and "评估机构负责人" in response.get_data(
        as_text=True)


def test_owner_survey_offers_no_photo_or_points_items(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "owner_survey.yaml")
    page = client.get(_base(draft) + "/sections/0/items/new").get_data(as_text=True)
    assert 'value="photo"' not in page and 'name="max_points"' not in page
    response = client.post(_base(draft) + "/sections/0/items/new",
                           data=_item_data(item_id="pic", type="photo"))
    assert response.status_code == 400


def test_points_that_do_not_add_up_to_the_claimed_total(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "joint_inspection.yaml")
    definition = _definition(draft)
    definition["total_points"] = 100
    assert client.post(_base(draft), data={"yaml": yaml.safe_dump(
        definition, allow_unicode=True, sort_keys=False)}).status_code == 302
    page = client.get(_base(draft)).get_data(as_text=True)
    assert "valid" in page and "total_points" not in re.search(
        r'<section class="card">.*?</section>', page, re.S).group(0).split("points-total")[0]
    definition["sections"][0]["items"][0]["max_points"] += 3
    client.post(_base(draft), data={"yaml": yaml.safe_dump(definition, allow_unicode=True,
                                                           sort_keys=False)})
    page = client.get(_base(draft)).get_data(as_text=True)
    assert "<code>total_points</code>" in page
    assert "add up to 103, not the 100 this checklist claims" in page
    response = client.post(_base(draft) + "/publish", follow_redirects=True)
    assert "add up to 103" in response.get_data(as_text=True)
    assert _definition(draft) and db.session.get(QuestionnaireDraft, draft.id).version_id is None


def test_checklist_preview_is_the_walk_round(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "joint_inspection.yaml")
    client.post(_base(draft) + "/sections/0/items/new", data=_item_data(deduction_floor="2"))
    page = client.get(_base(draft) + "/preview")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="walk-item card" id="item-lift_car"' in html
    assert "inspections.css" in html and "<form" not in html.split("preview-banner")[1]
    assert "电梯轿厢整洁、照明完好" in html and "每处扣1分" in html
    assert 'id="preview-total"' in html


LIBRARY = Path(__file__).parents[3] / "questionnaires" / "library" / "gbt45698_checklist.yaml"


def test_the_gbt45698_template_adds_up_to_100_and_passes_the_check(app, as_role, community,
                                                                   tmp_path):
    result = app.test_cli_runner().invoke(args=["questionnaires", "check", str(LIBRARY)])
    assert result.exit_code == 0, result.output
    text = LIBRARY.read_text("utf-8")
    assert "参照 GB/T 45698 结构" in text and "NOTE:" in text  # named honestly
    definition = yaml.safe_load(text)
    assert definition["total_points"] == 100
    assert sum(i["max_points"] for s in definition["sections"] for i in s["items"]) == 100
    client = as_role("committee")  # both parties may start a joint checklist from it
    draft = _draft(client, community, "gbt45698_checklist.yaml")
    assert draft.kind == "joint_inspection" and _definition(draft) == definition
    page = client.get(_base(draft)).get_data(as_text=True)
    assert 'id="points-total"' in page and "100" in page and 'id="problems"' not in page
    broken = copy.deepcopy(definition)
    broken["sections"][0]["items"][0]["max_points"] = 2
    bad = tmp_path / "broken_gbt.yaml"
    bad.write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    result = app.test_cli_runner().invoke(args=["questionnaires", "check", str(bad)])
    assert result.exit_code == 1 and "total_points" in result.output
    assert "add up to 98, not the 100" in result.output


def test_the_claimed_total_is_a_field_and_a_wrong_sum_goes_beside_it(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community, "internal_inspection.yaml")
    page = client.get(_base(draft)).get_data(as_text=True)
    assert 'id="total-form"' in page and 'name="total_points"' in page
    real = sum(i["max_points"] for s in _definition(draft)["sections"] for i in s["items"]
               if i.get("type") == "points")
    response = client.post(_base(draft) + "/total", data={"total_points": str(real + 10)})
    assert response.status_code == 400
    assert f"add up to {real:g}, not the {real + 10:g}" in _field_error(
        response.get_data(as_text=True), "total_points")
    assert "total_points" not in _definition(draft)  # nothing saved
    assert client.post(_base(draft) + "/total",
                       data={"total_points": str(real)}).status_code == 302
    assert _definition(draft)["total_points"] == real
    assert client.post(_base(draft) + "/total", data={"total_points": ""}).status_code == 302
    assert "total_points" not in _definition(draft)
