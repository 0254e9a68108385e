"""Paper questionnaires: typed in by staff one at a time, or imported from .xlsx/.csv."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..communities.models import Building, Household
from ..errors import FieldError
from ..extensions import db
from ..i18n import text_for
from ..questionnaires.paper import condition_text, numbered_items
from ..questionnaires.schema import Definition, Item
from ..tabular import ImportReport, RowError, open_upload, xlsx_bytes
from . import answering, questions
from .answering import Draft, OwnerStop, PageResult, Ticket
from .models import AccessCode, Response, Survey
from .services import definition_of, household_key

#: typing 0 for a Likert item on paper means 不适用 (a box the owner ticked)
PAPER_NA = ("0", "na", "不适用", "不适用/不了解", "不了解", "n/a")
PLACE_COLUMNS = {
    "building": ("楼栋", "building", "楼号"),
    "unit": ("单元", "unit"),
    "room": ("房号", "room", "室"),
}


def building_choices(survey: Survey) -> list[tuple[int, str]]:
    rows = db.session.execute(select(Building.id, Building.name)
                              .filter_by(community_id=survey.community_id)
                              .order_by(Building.sort_key, Building.name))
    return [(0, "—")] + [(i, n) for i, n in rows]


def paper_items(definition: Definition) -> list[Item]:
    """Items typed in from paper (all answerable ones, in order)."""
    return questions.answerable_items(definition)


def numbered_paper_items(definition: Definition) -> list[tuple[int, Item, str | None]]:
    """(number, item, its condition in words) as the printed paper questionnaire has them."""
    numbers = {item.id: number for number, item in numbered_items(definition)}
    return [(number, item, condition_text(definition, item.show_if, numbers)
             if item.show_if else None) for number, item in numbered_items(definition)]


def stop_message(stop: OwnerStop) -> str:
    """Why a paper questionnaire cannot be entered."""
    if stop.kind == "submitted":
        # never a date or time: it would tell staff which export row is this household's
        return _("This household has already answered; the paper questionnaire was not "
                 "entered.")
    if stop.kind == "closed":
        return _("The survey is closed; paper questionnaires can no longer be entered.")
    return _("The questionnaire could not be saved. Please try again.")


def _household_ticket(survey: Survey, building_id, unit: str, room: str) -> Ticket:
    household = db.session.scalar(select(Household).filter_by(
        community_id=survey.community_id, building_id=building_id,
        unit=(unit or "").strip(), room=(room or "").strip()))
    if household is None:
        raise FieldError("room", _("No household with this building, unit and room is "
                                    "registered."))
    code = db.session.scalar(select(AccessCode).filter_by(survey_id=survey.id,
                                                          household_id=household.id))
    return Ticket(survey, household.id, household.building_id, code)


def _paper_values(definition: Definition, form: dict[str, list[str]]) -> dict[str, list[str]]:
    """Map the paper conventions (0 = 不适用, Chinese commas) onto the web form values."""
    out = dict(form)
    for item in questions.answerable_items(definition):
        name = questions.field_name(item)
        values = [v.strip() for v in out.get(name, [])]
        if item.type in ("likert", "yes_no", "single_choice") and item.allow_na:
            values = [questions.NA if v.lower() in PAPER_NA else v for v in values]
        if item.type == "yes_no":
            values = [{"1": "yes", "是": "yes", "0": "no", "否": "no"}.get(v, v) for v in values]
        if item.type == "multi_choice":
            values = [p.strip() for v in values for p in v.replace("，", ",").split(",")]
            values = [_option_value(item, v) for v in values if v]
        if item.type == "single_choice":
            values = [_option_value(item, v) for v in values]
        out[name] = values
    return out


def _option_value(item: Item, given: str) -> str:
    """An option given by its value or by its Chinese text."""
    for option in item.options or []:
        if given in (str(option.value), text_for(option.text, "zh_CN")):
            return str(option.value)
    return given


def enter_paper(survey: Survey, building_id, unit: str, room: str,
                form: dict[str, list[str]], user) -> PageResult:
    """Store one typed-in paper questionnaire for a household (one per household)."""
    if survey.status != "open":
        # before the household is looked up: a closed survey tells nothing about anyone
        raise OwnerStop("closed", survey)
    ticket = _household_ticket(survey, building_id, unit, room)
    definition = definition_of(survey)
    result = answering.submit_all(ticket, _paper_values(definition, form), channel="paper",
                                  draft=Draft(entered_by_id=user.id))
    if result.done:
        audit.record("survey.paper_entry", survey, object_type="Survey")
    return result


def check_paper(survey: Survey, form: dict[str, list[str]]) -> PageResult:
    """The answers' errors of a questionnaire that cannot be stored yet (stores nothing).

    When the room is missing or unknown the answers are still checked, so that staff see
    every mistake of the sheet at once instead of one kind per attempt.
    """
    definition = definition_of(survey)
    answers, errors = questions.parse_items(definition, questions.answerable_items(definition),
                                            _paper_values(definition, form), {})
    return PageResult(errors=errors, answers=answers)


# --- import -----------------------------------------------------------------------------

def item_header(item: Item) -> str:
    """Column header of an item: its id, then the Chinese question (ids are what is matched)."""
    return f"{item.id} {text_for(item.text, 'zh_CN')}"[:120]


def template_xlsx(survey: Survey) -> bytes:
    """An import template generated from the questionnaire, with an instructions sheet."""
    definition = definition_of(survey)
    items = paper_items(definition)
    headers = ["楼栋", "单元", "房号"] + [item_header(i) for i in items]
    example = ["1号楼", "1", "101"] + [_example(i) for i in items]
    # 题号 is the printed questionnaire's number; the column is still matched by the item id
    notes = [(number, item_header(item), text_for(item.text, "zh_CN"),
              _allowed(definition, item), "必答" if item.required else "选答")
             for number, item in numbered_items(definition)]
    return xlsx_bytes([("问卷录入", headers, [example]),
                       ("填写说明", ["题号", "列名", "题目", "可填的值", "是否必答"], notes)])


def _example(item: Item) -> str:
    return {"likert": "4", "nps": "8", "yes_no": "1", "text": ""}.get(item.type, "")


def _allowed(definition: Definition, item: Item) -> str:
    if item.type == "likert":
        labels = definition.likert_labels or []
        text = "，".join(f"{n}={text_for(lab, 'zh_CN')}" for n, lab in enumerate(labels, 1))
        return text + ("，0=不适用" if item.allow_na else "")
    if item.type == "nps":
        return "0–10"
    if item.type in ("single_choice", "multi_choice"):
        options = "，".join(f"{o.value}={text_for(o.text, 'zh_CN')}" for o in item.options or [])
        return options + ("（可多选，用逗号分隔）" if item.type == "multi_choice" else "")
    if item.type == "yes_no":
        return "1=是，0=否"
    return "文字"


def import_paper(survey: Survey, filename: str, data: bytes, user) -> ImportReport:
    """Import paper responses: every row is checked first; one bad row imports nothing."""
    report, headers, rows, mapping = open_upload(filename, data, PLACE_COLUMNS,
                                                 ("building", "room"))
    definition = definition_of(survey)
    item_columns = _item_columns(definition, headers, report)
    if report.errors:
        return report
    if not rows:
        report.errors.append(RowError(2, "", _("the file has no data rows")))
        return report
    if survey.status != "open":
        report.errors.append(RowError(0, "", _("the survey is closed")))
        return report
    checked = _check_rows(survey, definition, rows, mapping, item_columns, report)
    if report.errors:
        return report
    for ticket, form in checked:
        answering.submit_all(ticket, form, channel="paper", draft=Draft(entered_by_id=user.id))
        report.created += 1
    audit.record("survey.paper_import", survey, file=filename, rows=report.created)
    return report


def _item_columns(definition: Definition, headers: list[str], report: ImportReport) -> dict:
    """item id → header, from headers that start with an item id; unknown ids are errors."""
    known = {i.id: i for i in paper_items(definition)}
    columns = {}
    for header in headers:
        first = header.split()[0] if header.strip() else ""
        if first in known:
            columns[first] = header
        elif first and first not in ("楼栋", "单元", "房号", "building", "unit", "room", "楼号",
                                     "室"):
            report.errors.append(RowError(1, header, _("unknown question id %(id)s", id=first)))
    return columns


def _check_rows(survey, definition, rows, mapping, item_columns, report) -> list:
    """Every row's household and answers; errors go to the report."""
    buildings = {name: bid for bid, name in building_choices(survey)[1:]}
    answered = set(db.session.scalars(select(Response.household_key).filter_by(
        survey_id=survey.id, status="submitted")))
    seen, checked = set(), []
    items = paper_items(definition)
    for number, row in rows:
        place = {k: row.get(h, "").strip() for k, h in mapping.items()}
        building_id = buildings.get(place.get("building", ""))
        household = _find(survey, building_id, place)
        if household is None:
            report.errors.append(RowError(number, "房号", _(
                "no registered household %(b)s %(u)s %(r)s", b=place.get("building", ""),
                u=place.get("unit", ""), r=place.get("room", ""))))
            continue
        key = household_key(survey.id, household.id)
        if key in seen or key in answered:
            report.errors.append(RowError(number, "房号", _(
                "this household has already answered") if key in answered
                else _("duplicate of an earlier row")))
            continue
        seen.add(key)
        form = _paper_values(definition, {questions.field_name(i): [row.get(h, "")]
                                          for i in items if (h := item_columns.get(i.id))})
        _answers, errors = questions.parse_items(definition, items, form, {})
        for item_id, message in errors.items():
            report.errors.append(RowError(number, item_columns.get(item_id, item_id), message))
        code = db.session.scalar(select(AccessCode).filter_by(survey_id=survey.id,
                                                              household_id=household.id))
        checked.append((Ticket(survey, household.id, household.building_id, code), form))
    return checked


def _find(survey: Survey, building_id, place: dict) -> Household | None:
    if building_id is None:
        return None
    return db.session.scalar(select(Household).filter_by(
        community_id=survey.community_id, building_id=building_id,
        unit=place.get("unit", ""), room=place.get("room", "")))
