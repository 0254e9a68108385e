"""Differences between versions item by item; publishing warns when trends lose comparability."""

from __future__ import annotations

import copy

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires import drafts
from survey_app.questionnaires.diffing import diff
from survey_app.questionnaires.models import QuestionnaireDraft, QuestionnaireVersion

OLD = {"key": "d", "kind": "owner_survey", "version": "1", "title": "问卷",
       "dimensions": [{"key": "cleaning", "label": "清洁"}],
       "sections": [{"id": "s", "title": "甲", "dimension": "cleaning", "items": [
           {"id": "a", "type": "likert", "text": "保洁满意吗？"},
           {"id": "b", "type": "likert", "text": {"zh_CN": "绿化满意吗？"}},
           {"id": "c", "type": "text", "text": "建议"}]}]}


def test_diff_lists_added_removed_and_changed_items_with_texts():
    new = copy.deepcopy(OLD)
    items = new["sections"][0]["items"]
    items[0]["text"] = "楼道保洁满意吗？"
    items[1]["text"] = "绿化满意吗？"  # the same text written the short way: no change
    del items[2]
    items.append({"id": "e", "type": "likert", "text": "电梯满意吗？"})
    result = diff(OLD, new)
    assert [i["id"] for i in result.added] == ["e"] and [i["id"] for i in result.removed] == ["c"]
    assert len(result.changed) == 1 and result.changed[0].item_id == "a"
    assert result.changed[0].fields["text"] == ("保洁满意吗？", "楼道保洁满意吗？")
    assert result.breaks_trends


def test_a_text_only_change_keeps_trends_comparable_but_a_new_dimension_does_not():
    new = copy.deepcopy(OLD)
    new["sections"][0]["items"][0]["text"] = "新措辞"
    assert not diff(OLD, new).breaks_trends
    new["dimensions"].append({"key": "parking", "label": "停车"})
    result = diff(OLD, new)
    assert result.dimensions_added == ["parking"] and result.breaks_trends


def test_publishing_a_changed_version_warns_and_shows_the_diff(as_role, community):
    client = as_role("staff")
    client.post(f"/questionnaires/drafts/{community.id}/new",
                data={"source": "file:owner_survey.yaml"})
    draft = db.session.scalars(select(QuestionnaireDraft)).one()
    base = f"/questionnaires/drafts/{community.id}/{draft.id}"
    assert client.post(base + "/publish").status_code == 302
    first = db.session.scalar(select(QuestionnaireVersion))
    client.post(f"/questionnaires/drafts/{community.id}/new",
                data={"source": f"version:{first.id}"})
    second = db.session.scalars(select(QuestionnaireDraft).order_by(
        QuestionnaireDraft.id.desc())).first()
    changed = copy.deepcopy(second.definition)
    changed["version"] = changed["version"] + ".1"
    del changed["sections"][0]["items"][0]
    base2 = f"/questionnaires/drafts/{community.id}/{second.id}"
    client.post(base2, data={"yaml": drafts.dump_yaml(changed)})
    response = client.post(base2 + "/publish")
    assert response.status_code == 302 and f"/{first.id}/diff/" in response.location
    page = client.get(response.location).get_data(as_text=True)
    removed = first.definition["sections"][0]["items"][0]["id"]
    assert f"<code>{removed}</code>" in page.split('id="removed"')[1].split("</section>")[0]
    # the first version is untouched: a version in use never changes
    db.session.expire_all()
    assert db.session.get(QuestionnaireVersion, first.id).sha256 == first.sha256
