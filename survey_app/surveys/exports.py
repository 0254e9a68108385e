"""Exports of raw responses: one row per response, one column per item, and a codebook.

No household identity is exported: rows carry a running number, the channel, the building
and the submission date only. A building with fewer responses than the community's minimum
cell size (and, where needed, the next-smallest: stats/cells.py) shows as 样本不足 instead of
its name, so that no small group's answers can be read off the rows.
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

FIXED = ["序号", "渠道", "楼栋", "提交日期"]
CHANNELS_ZH = {"web": "网上", "paper": "纸质"}
NA_TEXT = "不适用"
#: the building cell of a row whose building is too small to name (the export is Chinese)
TOO_FEW_TEXT = "样本不足"
BUILDING = FIXED.index("楼栋")


def response_table(survey: Survey) -> tuple[list[str], list[list]]:
    """Headers and rows of the submitted responses (one bulk query, pivoted in memory)."""
    definition = definition_of(survey)
    items = questions.answerable_items(definition)
    column = {item.id: index for index, item in enumerate(items)}
    rows: dict[int, list] = {}
    query = (select(Response.id, Response.channel, Building.name, Response.submitted_at,
                    Answer.item_id, Answer.value, Answer.text, Answer.is_na)
             .join(Answer, Answer.response_id == Response.id, isouter=True)
             .join(Building, Building.id == Response.building_id, isouter=True)
             .where(Response.survey_id == survey.id, Response.status == "submitted")
             .order_by(Response.submitted_at, Response.id))
    for rid, channel, building, submitted, item_id, value, text, is_na in db.session.execute(query):
        row = rows.get(rid)
        if row is None:
            row = rows[rid] = [len(rows) + 1, CHANNELS_ZH.get(channel, channel), building or "",
                               submitted.date().isoformat() if submitted else ""] + [""] * len(items)
        if item_id in column:
            row[len(FIXED) + column[item_id]] = _cell(value, text, is_na)
    _hide_small_buildings(rows.values(), survey.period.community.min_cell_size)
    return FIXED + [item_header(i) for i in items], list(rows.values())


def _hide_small_buildings(rows, k: int) -> None:
    """Replace the names of buildings under the small-cell rule by 样本不足 (in place)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[BUILDING]] = counts.get(row[BUILDING], 0) + 1
    residual = counts.pop("", 0)  # rows without a building: part of the unnamed remainder
    hidden = hidden_cells(counts, k, residual)
    for row in rows:
        if row[BUILDING] in hidden:
            row[BUILDING] = TOO_FEW_TEXT


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
    rows = [["序号", "回答的顺序号（不对应任何住户）", "", "", ""],
            ["渠道", "网上 = 业主在线填写；纸质 = 工作人员录入纸质问卷", "", "", ""],
            ["楼栋", "所在楼栋（仅用于分楼栋统计；回答少于最小样本数的楼栋显示为“样本不足”）",
             "", "", ""],
            ["提交日期", "提交日期", "", "", ""]]
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
