"""The script-free editor: sections and items moved with buttons, items edited on forms."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.models import QuestionnaireDraft


def _draft(client, community):
    response = client.post(f"/questionnaires/drafts/{community.id}/new",
                           data={"source": "file:owner_survey.yaml"})
    assert response.status_code == 302
    return db.session.scalars(select(QuestionnaireDraft)
                              .order_by(QuestionnaireDraft.id.desc())).first()


def _base(draft):
    return f"/questionnaires/drafts/{draft.community_id}/{draft.id}"


def _definition(draft):
    db.session.expire_all()
    return db.session.get(QuestionnaireDraft, draft.id).definition


def test_up_down_buttons_reorder_sections_and_items(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community)
    before = _definition(draft)
    page = client.get(_base(draft)).get_data(as_text=True)
    assert f'action="{_base(draft)}/sections/0/down"' in page
    assert client.post(_base(draft) + "/sections/0/down").status_code == 302
    after = _definition(draft)
    assert [s["id"] for s in after["sections"][:2]] == [s["id"] for s in before["sections"][1::-1]]
    first_items = [i["id"] for i in after["sections"][0]["items"]]
    client.post(_base(draft) + "/sections/0/items/1/up")
    assert [i["id"] for i in _definition(draft)["sections"][0]["items"][:2]] == \
        first_items[1::-1]
    assert client.post(_base(draft) + "/sections/0/sideways").status_code == 404
    assert client.post(_base(draft) + "/sections/99/up").status_code == 404


def test_sections_added_and_deleted_and_empty_section_reported(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community)
    count = len(_definition(draft)["sections"])
    response = client.post(_base(draft) + "/sections/add",
                           data={"section_id": "parking", "title_zh": "停车管理",
                                 "title_en": "Parking"})
    assert response.status_code == 302
    assert _definition(draft)["sections"][-1]["id"] == "parking"
    page = client.get(_base(draft)).get_data(as_text=True)
    assert f"sections[{count}].items" in page  # the empty section is named by the check
    # ... and the message also stands beside the section itself in the outline
    block = page.split("<h3>停车管理")[1].split("</div>")[0]
    assert 'class="error section-problem"' in block
    response = client.post(_base(draft) + "/sections/add",
                           data={"section_id": "9bad", "title_zh": "x"})
    assert response.status_code == 400
    client.post(_base(draft) + f"/sections/{count}/delete")
    assert len(_definition(draft)["sections"]) == count


def test_an_item_with_a_condition_is_added_and_problems_go_to_their_field(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community)
    first = _definition(draft)["sections"][0]["items"][0]["id"]
    form = client.get(_base(draft) + "/sections/1/items/new").get_data(as_text=True)
    assert f'value="{first}"' in form  # earlier items are offered for show_if
    data = {"item_id": "elevator", "type": "single_choice", "text_zh": "电梯运行是否正常？",
            "text_en": "Does the elevator work?", "required": "y", "allow_na": "y",
            "options": "1 | 正常 | Works\n2 | 经常故障 | Often broken",
            "show_if_item": first, "show_if_value": "1", "dimension": ""}
    assert client.post(_base(draft) + "/sections/1/items/new", data=data).status_code == 302
    item = _definition(draft)["sections"][1]["items"][-1]
    assert item["show_if"] == {"item": first, "value": 1}
    assert item["options"][1] == {"value": 2, "text": {"zh_CN": "经常故障", "en": "Often broken"}}
    # a duplicate id is refused on the id field, and nothing is saved
    response = client.post(_base(draft) + "/sections/1/items/new", data=dict(data))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "duplicate item id" in page and 'id="item_id"' in page
    # a choice item without options: the message sits on the type field
    response = client.post(_base(draft) + "/sections/1/items/new",
                           data=dict(data, item_id="other", options=""))
    assert response.status_code == 400 and "needs options" in response.get_data(as_text=True)
    # a malformed option line names its line
    response = client.post(_base(draft) + "/sections/1/items/new",
                           data=dict(data, item_id="other2", options="1"))
    assert response.status_code == 400
    assert len([i for s in _definition(draft)["sections"] for i in s["items"]
                if i["id"] in ("other", "other2")]) == 0


def test_editing_an_item_keeps_keys_the_form_does_not_show(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community)
    old = _definition(draft)["sections"][0]["items"][0]
    page = client.get(_base(draft) + "/sections/0/items/0").get_data(as_text=True)
    assert old["id"] in page
    text = old["text"] if isinstance(old["text"], dict) else {"zh_CN": old["text"]}
    response = client.post(_base(draft) + "/sections/0/items/0", data={
        "item_id": old["id"], "type": old["type"], "text_zh": "新的题目", "text_en": "",
        "dimension": old.get("dimension", ""), "show_if_item": "", "allow_na": "y"})
    assert response.status_code == 302, text
    new = _definition(draft)["sections"][0]["items"][0]
    assert new["text"] == {"zh_CN": "新的题目"}
    assert {k: v for k, v in new.items() if k not in ("text", "required", "allow_na")} == \
        {k: v for k, v in old.items() if k not in ("text", "required", "allow_na")}


def test_the_preview_is_the_real_owner_page_of_the_draft(as_role, community):
    client = as_role("staff")
    draft = _draft(client, community)
    client.post(_base(draft) + "/sections/add", data={"section_id": "parking",
                                                      "title_zh": "停车管理"})
    response = client.get(_base(draft) + "/preview")
    assert response.status_code == 302  # an empty section: the problems come first
    client.post(_base(draft) + f"/sections/{len(_definition(draft)['sections']) - 1}/items/new",
                data={"item_id": "parking1", "type": "likert", "text_zh": "车位管理是否有序？",
                      "allow_na": "y", "show_if_item": "", "dimension": ""})
    page = client.get(_base(draft) + "/preview")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "车位管理是否有序？" in html and 'name="viewport"' in html
