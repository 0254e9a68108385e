"""XLSForm import: a workbook made with openpyxl here becomes a draft; bad rows are named."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.questionnaires.drafts import problems_of
from survey_app.questionnaires.models import QuestionnaireDraft

SURVEY = [("type", "name", "label::Chinese (zh)", "label::English (en)", "required", "relevant"),
          ("begin group", "home", "居住情况", "Your home", "", ""),
          ("note", "intro", "请如实填写", "Please answer truthfully", "", ""),
          ("select_one yn", "lift", "您家楼栋有电梯吗？", "Does your building have a lift?",
           "yes", ""),
          ("select_multiple probs", "lift_probs", "电梯有哪些问题？", "Lift problems?", "",
           "${lift} = 'yes'"),
          ("integer", "years", "入住年数", "Years lived here", "", ""),
          ("decimal", "fee", "物业费（元/平方米）", "Fee", "", "selected(${lift_probs}, 'stuck')"),
          ("end group", "", "", "", "", ""),
          ("text", "advice", "建议", "Advice", "", "")]
CHOICES = [("list_name", "name", "label::Chinese (zh)", "label::English (en)"),
           ("yn", "yes", "有", "Yes"), ("yn", "no", "没有", "No"),
           ("probs", "stuck", "困人", "Stuck"), ("probs", "noise", "噪音", "Noise")]


def _workbook(survey=SURVEY, choices=CHOICES) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    other = book.create_sheet("choices")
    for row in choices:
        other.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, community, data, name="lift_form.xlsx"):
    return client.post(f"/questionnaires/drafts/{community.id}/upload",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_an_xlsform_becomes_a_valid_draft(as_role, community):
    client = as_role("staff")
    assert _upload(client, community, _workbook()).status_code == 302
    draft = db.session.scalars(select(QuestionnaireDraft)).one()
    home, rest = draft.definition["sections"]
    assert home["id"] == "home" and home["description"]["en"] == "Please answer truthfully"
    lift, probs, years, fee = home["items"]
    assert lift["type"] == "single_choice" and lift["required"] is True
    assert lift["text"] == {"zh_CN": "您家楼栋有电梯吗？", "en": "Does your building have a lift?"}
    assert probs["type"] == "multi_choice" and probs["show_if"] == {"item": "lift",
                                                                    "value": "yes"}
    assert fee["show_if"] == {"item": "lift_probs", "op": "in", "value": ["stuck"]}
    assert years["type"] == fee["type"] == "number" and rest["items"][0]["type"] == "text"
    assert problems_of(draft.definition) == []


def test_unknown_types_and_broken_relevant_are_named_and_nothing_is_imported(as_role,
                                                                             community):
    client = as_role("staff")
    bad = [*SURVEY, ("geopoint", "where", "位置", "Where", "", ""),
           ("text", "why", "原因", "Why", "", "${lift} = 'yes' and ${years} > 3")]
    response = _upload(client, community, _workbook(bad))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "geopoint" in page and "10" in page and "11" in page
    assert db.session.scalar(select(QuestionnaireDraft)) is None
