"""Trend breaks: the pure comparison of the questionnaires consecutive periods used."""

from __future__ import annotations

import copy

from survey_app.questionnaires.diffing import merge_definitions, trend_breaks

OWNER = {"key": "o", "kind": "owner_survey", "version": "1", "title": "问卷",
         "dimensions": [{"key": "cleaning", "label": "清洁"}, {"key": "service", "label": "服务"}],
         "sections": [{"id": "s", "title": "甲", "dimension": "cleaning", "items": [
             {"id": "a", "type": "likert", "text": "保洁"},
             {"id": "b", "type": "likert", "text": "垃圾清运"}]},
             {"id": "t", "title": "乙", "dimension": "service", "items": [
                 {"id": "c", "type": "likert", "text": "客服"}]}]}
CHECKLIST = {"key": "j", "kind": "joint_inspection", "version": "1", "title": "检查表",
             "dimensions": [{"key": "cleaning", "label": "清洁"}],
             "sections": [{"id": "s", "title": "甲", "dimension": "cleaning", "items": [
                 {"id": "j1", "type": "points", "text": "楼道", "max_points": 10}]}]}


def _changed(defn, **edits):
    new = copy.deepcopy(defn)
    new["version"] = str(int(new["version"]) + 1)
    for key, value in edits.items():
        new[key] = value
    return new


def test_same_questionnaires_or_text_edits_break_nothing():
    reworded = copy.deepcopy(OWNER)
    reworded["version"] = "2"
    reworded["sections"][0]["items"][0]["text"] = "楼道保洁"
    periods = [{"owner_survey": [OWNER]}, {"owner_survey": [OWNER]},
               {"owner_survey": [reworded]}]
    assert trend_breaks(periods) == []


def test_added_and_removed_items_break_before_the_later_period():
    new = copy.deepcopy(OWNER)
    new["version"] = "2"
    items = new["sections"][0]["items"]
    del items[1]
    items.append({"id": "e", "type": "likert", "text": "电梯轿厢清洁"})
    breaks = trend_breaks([{"owner_survey": [OWNER]}, {"owner_survey": [OWNER]},
                           {"owner_survey": [new]}, {"owner_survey": [new]}])
    assert [b.index for b in breaks] == [2]
    change = breaks[0].changes["owner_survey"]
    assert [i["id"] for i in change.added] == ["e"] and [i["id"] for i in change.removed] == ["b"]
    assert change.added[0]["dimension"] == "cleaning"  # inherited from the section


def test_dimensions_added_and_removed_are_named_with_their_labels():
    new = copy.deepcopy(OWNER)
    new["version"] = "2"
    new["dimensions"] = [OWNER["dimensions"][0], {"key": "parking", "label": "停车管理"}]
    new["sections"][1].update(dimension="parking")
    breaks = trend_breaks([{"owner_survey": [OWNER]}, {"owner_survey": [new]}])
    change = breaks[0].changes["owner_survey"]
    assert change.dimensions_added == ["parking"] and change.dimensions_removed == ["service"]
    assert [c.item_id for c in change.changed] == ["c"]  # moved to another dimension
    assert change.changed[0].text == "客服"
    assert breaks[0].dimension_labels["parking"] == "停车管理"
    assert breaks[0].dimension_labels["service"] == "服务"


def test_each_kind_compared_with_its_own_last_use():
    checklist2 = copy.deepcopy(CHECKLIST)
    checklist2["version"] = "2"
    checklist2["sections"][0]["items"].append(
        {"id": "j2", "type": "points", "text": "电梯", "max_points": 10})
    periods = [{"owner_survey": [OWNER], "joint_inspection": [CHECKLIST]},
               {"owner_survey": [OWNER]},  # no inspection this quarter: nothing to compare
               {"owner_survey": [OWNER], "joint_inspection": [checklist2]}]
    breaks = trend_breaks(periods)
    assert [(b.index, sorted(b.changes)) for b in breaks] == [(2, ["joint_inspection"])]
    assert trend_breaks([{}, {"owner_survey": [OWNER]}]) == []  # a first use is no break


def test_several_versions_in_one_period_count_as_their_union():
    extra = copy.deepcopy(CHECKLIST)
    extra["version"] = "2"
    extra["sections"][0]["items"] = [{"id": "j2", "type": "points", "text": "电梯",
                                      "max_points": 10}]
    merged = merge_definitions([CHECKLIST, extra])
    assert [i["id"] for i in merged["sections"][0]["items"]] == ["j1", "j2"]
    assert merge_definitions([]) is None and merge_definitions([CHECKLIST]) is CHECKLIST
    breaks = trend_breaks([{"joint_inspection": [CHECKLIST, extra]},
                           {"joint_inspection": [extra, CHECKLIST]}])
    assert breaks == []  # the same checklists in another order
