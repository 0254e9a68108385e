"""The printable paper questionnaire: numbered exactly as paper entry numbers it, in Chinese,
large type, boxes to tick, show_if printed as an instruction, a household box."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
import yaml
from flask_babel import force_locale

from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.paper import condition_text, question_numbers
from survey_app.questionnaires.schema import Condition, Definition
from survey_app.questionnaires.services import publish
from tests.fixtures.surveys import QUESTIONNAIRES, make_survey

#: every shipped owner questionnaire: the published one and the template library's
OWNER_FILES = sorted(p for p in QUESTIONNAIRES.rglob("*.yaml")
                     if yaml.safe_load(p.read_text(encoding="utf-8")).get("kind")
                     == "owner_survey")
#: A4 is 842 pt high; the page number sits in the bottom margin (smaller on purpose)
FOOTER_TOP = 790
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")


def _pdftotext(pdf: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def _entry_numbers(page: str) -> list[tuple[int, str]]:
    """(number, question text) of the paper-entry form, as staff see it."""
    rows = re.findall(r'<td class="qn">(\d+)\.</td>\s*<td>([^<]*)', page)
    return [(int(n), html.unescape(text).replace("*", "").strip()) for n, text in rows]


def _printed_numbers(text: str) -> list[tuple[int, str]]:
    """(number, first line of the question) as printed in the PDF."""
    return [(int(n), q.replace("*", "").strip())
            for n, q in re.findall(r"(?m)^(\d+)\.\s*(\S.*)$", text.replace("\f", "\n"))]


def _same_questions(printed, entered) -> bool:
    """Same numbers in the same order, each printed line the start of the entered text
    (a long question wraps onto a second printed line)."""
    return [n for n, _ in printed] == [n for n, _ in entered] and all(
        e.replace(" ", "").startswith(p.replace(" ", "")[:8]) for (_, p), (_, e)
        in zip(printed, entered, strict=True))


@pytest.mark.parametrize("path", OWNER_FILES, ids=lambda p: p.name)
def test_printed_numbers_are_the_paper_entry_numbers(as_role, period, path):
    version, _created = publish(load_definition(path))
    make_survey(period, version, "codes")
    client = as_role("staff")
    base = f"/surveys/{period.community_id}/{period.id}"
    entry = client.get(base + "/paper").get_data(as_text=True)
    entered = _entry_numbers(entry)
    count = len(question_numbers(version.parsed))
    assert [n for n, _ in entered] == list(range(1, count + 1))
    # the internal ids stay out of sight: no cell shows one
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", entry)
    assert not any(item.id in cells for item in version.parsed.items())
    for url in (base + "/questionnaire.pdf", f"/questionnaires/{version.id}/paper.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = _pdftotext(response.data)
        assert _same_questions(_printed_numbers(text), entered), url
        assert version.parsed.title["zh_CN"] in text
        assert f"本问卷共{count}题" in text


def test_show_if_is_printed_as_an_instruction(as_role, survey, period):
    client = as_role("staff")
    text = _pdftotext(client.get(f"/surveys/{period.community_id}/{period.id}"
                                 "/questionnaire.pdf").data)
    numbers = question_numbers(survey.questionnaire.parsed)
    flat = text.replace("\n", "")
    assert (f"若第{numbers['overall']}题选择“一般”、“不满意”或“非常不满意”，请回答本题。"
            in flat)
    assert "不适用/不" in text and "非常满意" in text  # boxes' labels, in Chinese
    entry = client.get(f"/surveys/{period.community_id}/{period.id}/paper").get_data(
        as_text=True)
    assert f"若第{numbers['overall']}题选择“一般”、“不满意”或“非常不满意”，请回答本题。" in entry


def test_body_type_is_at_least_14_points(as_role, survey, period):
    client = as_role("staff")
    boxes = _pdftotext(client.get(f"/surveys/{period.community_id}/{period.id}"
                                  "/questionnaire.pdf").data, "-bbox")
    sizes = []
    for x0, y0, x1, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                       r'yMax="[\d.]+">([^<]+)</word>', boxes):
        if CJK_WORD.match(word) and float(y0) < FOOTER_TOP:
            # a Chinese character is as wide as the type is large
            sizes.append((float(x1) - float(x0)) / len(word))
    assert len(sizes) > 100 and min(sizes) >= 13.9


def test_household_printed_when_asked_for_one(as_role, survey, period, community):
    client = as_role("staff")
    base = f"/surveys/{period.community_id}/{period.id}/questionnaire.pdf"
    household = community.buildings[1].households[2]
    text = _pdftotext(client.get(f"{base}?household={household.id}").data)
    assert household.label in text and "户号（楼栋、单元、房号）" in text
    blank = _pdftotext(client.get(base).data)
    assert "户号（楼栋、单元、房号）" in blank and household.label not in blank


def test_household_of_another_community_is_not_found(as_role, survey, period, other_community):
    household = other_community.buildings[0].households[0]
    client = as_role("staff")
    url = f"/surveys/{period.community_id}/{period.id}/questionnaire.pdf?household={household.id}"
    assert client.get(url).status_code == 404


def test_committee_prints_it_too(as_role, survey, period):
    response = as_role("committee").get(f"/surveys/{period.community_id}/{period.id}"
                                        "/questionnaire.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_checklists_have_no_paper_questionnaire(as_role):
    version, _created = publish(load_definition(QUESTIONNAIRES / "joint_inspection.yaml"))
    assert as_role("staff").get(f"/questionnaires/{version.id}/paper.pdf").status_code == 404


def test_version_page_links_the_paper_questionnaire(as_role, owner_version):
    page = as_role("staff").get(f"/questionnaires/{owner_version.id}").get_data(as_text=True)
    assert f"/questionnaires/{owner_version.id}/paper.pdf" in page


def _definition(items: list[dict]) -> Definition:
    return Definition.model_validate({
        "key": "t", "kind": "owner_survey", "version": "1", "title": "测试",
        "dimensions": [{"key": "d", "label": "维度"}],
        "sections": [{"id": "s", "title": "部分", "items": items}]})


def test_conditions_in_words(app):
    definition = _definition([
        {"id": "a", "type": "yes_no", "text": "是否养宠物"},
        {"id": "b", "type": "single_choice", "text": "几辆车",
         "options": [{"value": 1, "text": "一辆"}, {"value": 2, "text": "两辆"}]},
        {"id": "n", "type": "number", "text": "居住年数"},
        {"id": "c", "type": "text", "text": "意见"}])
    numbers = question_numbers(definition)
    cases = [
        ({"item": "a", "value": 0}, "若第1题选择“否”，请回答本题。"),
        ({"item": "b", "op": "in", "value": [1, 2]}, "若第2题选择“一辆”或“两辆”，请回答本题。"),
        ({"item": "n", "op": "gte", "value": 5}, "若第3题的回答≥5，请回答本题。"),
        ({"item": "c", "op": "answered"}, "若第4题已作答，请回答本题。"),
        ({"all": [{"item": "a", "value": 1}, {"item": "b", "value": 2}]},
         "若第1题选择“是”并且第2题选择“两辆”，请回答本题。"),
    ]
    with app.test_request_context(), force_locale("zh_CN"):
        for condition, words in cases:
            assert condition_text(definition, Condition.model_validate(condition),
                                  numbers) == words
    with app.test_request_context(), force_locale("en"):
        assert condition_text(definition, Condition.model_validate(cases[0][0]), numbers) \
            == "If question 1 is answered “No”, please answer this question."
