"""Exports of raw responses: one row per response, one column per item, and a codebook.

No household identity is exported: rows carry a running number, the channel and the building
only. Rows are sorted by their content (building, channel, answers), never by submission:
their order, like everything else in the file, says nothing about when or by whom a row was
sent (no dates either: a day of submission could be matched with the day a code was used).
A building with fewer responses than the community's minimum cell size (and, where needed,
the next-smallest: stats/cells.py) shows as 样本不足 instead of its name, so that no small
group's answers can be read off the rows. The channel follows the same rule inside each
building group: where 1 … k − 1 rows of a group came by one channel (two paper
questionnaires whose households the person who collected them knows), the group's channel
cells read "—", so those rows cannot be told from the group's others. Excluded responses
(integrity.py) are not exported.
"""

from __future__ import annotations

from sqlalchemy import select

from ..communities.models import Building
from ..extensions import db
from ..i18n import text_for
from ..stats.cells import hidden_cells
from ..tabular import csv_bytes, xlsx_bytes
from . import questions
from .models import Answer, Response, Survey
from .paper import _allowed, item_header
from .services import definition_of

FIXED = ["序号", "渠道", "楼栋"]
CHANNELS_ZH = {"web": "网上", "paper": "纸质"}
NA_TEXT = "不适用"
#: the building cell of a row whose building is too small to name (the export is Chinese)
TOO_FEW_TEXT = "样本不足"
BUILDING = FIXED.index("楼栋")
CHANNEL = FIXED.index("渠道")
#: the channel cell of a row whose building group has a channel under the small-cell rule
CHANNEL_HIDDEN_TEXT = "—"


def response_table(survey: Survey) -> tuple[list[str], list[list]]:
    """Headers and rows of the submitted responses (one bulk query, pivoted in memory)."""
    definition = definition_of(survey)
    items = questions.answerable_items(definition)
    column = {item.id: index for index, item in enumerate(items)}
    rows: dict[int, list] = {}
    query = (select(Response.id, Response.channel, Building.name, Building.sort_key,
                    Answer.item_id, Answer.value, Answer.text, Answer.is_na)
             .join(Answer, Answer.response_id == Response.id, isouter=True)
             .join(Building, Building.id == Response.building_id, isouter=True)
             .where(Response.survey_id == survey.id, Response.status == "submitted",
                    Response.excluded_reason.is_(None)))
    for rid, channel, building, sort_key, item_id, value, text, is_na \
            in db.session.execute(query):
        row = rows.get(rid)
        if row is None:
            row = rows[rid] = [sort_key or 0, CHANNELS_ZH.get(channel, channel), building or ""] \
                + [""] * len(items)
        if item_id in column:
            row[len(FIXED) + column[item_id]] = _cell(value, text, is_na)
    k = survey.period.community.min_cell_size
    _hide_small_buildings(rows.values(), k)
    _hide_small_channels(rows.values(), k)
    return FIXED + [item_header(i) for i in items], _numbered(list(rows.values()))


def _numbered(rows: list[list]) -> list[list]:
    """Rows in content order, numbered 1…n (the number replaces the building sort key)."""
    rows.sort(key=lambda row: [str(cell) for cell in row])
    for number, row in enumerate(rows, 1):
        row[0] = number
    return rows


def _hide_small_buildings(rows, k: int) -> None:
    """Replace the names of buildings under the small-cell rule by 样本不足 (in place)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[BUILDING]] = counts.get(row[BUILDING], 0) + 1
    residual = counts.pop("", 0)  # rows without a building: part of the unnamed remainder
    hidden = hidden_cells(counts, k, residual)
    for row in rows:
        if row[BUILDING] in hidden:
            # the sort key too: hidden buildings' rows must sort as one group, mixed
            row[0] = row[BUILDING] = TOO_FEW_TEXT


def _hide_small_channels(rows, k: int) -> None:
    """Blank the channel of every row of a building group (as exported, 样本不足 included)
    in which some channel has 1 … k − 1 rows (in place)."""
    counts: dict[tuple, int] = {}
    for row in rows:
        key = (row[BUILDING], row[CHANNEL])
        counts[key] = counts.get(key, 0) + 1
    small = {group for (group, _channel), n in counts.items() if n < k}
    for row in rows:
        if row[BUILDING] in small:
            row[CHANNEL] = CHANNEL_HIDDEN_TEXT


def _cell(value, text, is_na):
    if is_na:
        return NA_TEXT
    if text is not None:
        return text
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def codebook(survey: Survey) -> tuple[list[str], list[list]]:
    """What each column means: question, dimension, type, values."""
    definition = definition_of(survey)
    dims = {d.key: text_for(d.label, "zh_CN") for d in definition.dimensions}
    rows = [["序号", "行号：按楼栋与答案内容排序（与提交先后、住户均无关）", "", "", ""],
            ["渠道", "网上 = 业主在线填写；纸质 = 工作人员录入纸质问卷；— = 该楼栋某一渠道的回答少于"
             "最小样本数，该楼栋各行均不显示渠道", "", "", ""],
            ["楼栋", "所在楼栋（仅用于分楼栋统计；回答少于最小样本数的楼栋显示为“样本不足”）",
             "", "", ""]]
    for item in questions.answerable_items(definition):
        rows.append([item_header(item), text_for(item.text, "zh_CN"),
                     dims.get(definition.dimension_of(item) or "", ""), item.type,
                     _allowed(definition, item).replace("0=不适用", "不适用 = 不适用/不了解")])
    return ["列名", "题目", "维度", "题型", "取值"], rows


def export_bytes(survey: Survey, kind: str) -> bytes:
    """CSV (responses) or .xlsx (responses and codebook sheets)."""
    headers, rows = response_table(survey)
    if kind == "csv":
        return csv_bytes(headers, rows)
    book_headers, book_rows = codebook(survey)
    return xlsx_bytes([("回答", headers, rows), ("编码说明", book_headers, book_rows)])
