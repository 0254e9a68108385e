"""XLSForm import: an .xlsx with survey and choices sheets becomes a draft definition.

Supported: select_one/select_multiple, integer/decimal, text, note (into the section's
description), begin group/end group (sections), required, simple ``relevant`` expressions and
label::Chinese / label::English. Anything else is reported by sheet, row and column, and
nothing is imported.
"""

from __future__ import annotations

import io
import re

from flask_babel import gettext as _
from openpyxl import load_workbook

from ..errors import FieldError

TYPES = {"integer": "number", "decimal": "number", "text": "text"}
EQUALS = re.compile(r"^\$\{(\w+)\}\s*=\s*'?([^']*?)'?$")
SELECTED = re.compile(r"^selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)$")
LANGS = {"chinese": "zh_CN", "zh": "zh_CN", "zh_cn": "zh_CN", "english": "en", "en": "en"}


def _rows(sheet) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header names and (row number, {header: value}) of the non-empty rows."""
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h or "").strip().lower() for h in (rows[0] if rows else [])]
    out = []
    for number, row in enumerate(rows[1:], 2):
        cells = zip(header, row, strict=False)  # short rows: trailing cells left empty
        values = {h: ("" if v is None else str(v).strip()) for h, v in cells if h}
        if any(values.values()):
            out.append((number, values))
    return header, out


def _texts(values: dict, base: str = "label") -> dict:
    """label / label::Chinese (zh) / label::English (en) as a text map."""
    texts = {}
    for key, value in values.items():
        if value and (key == base or key.startswith(base + "::")):
            lang = key.partition("::")[2].split("(")[-1].strip(" )") or "zh_cn"
            texts[LANGS.get(lang, LANGS.get(key.partition("::")[2].split("(")[0].strip(),
                                             "zh_CN"))] = value
    return texts


def _column(header: list[str], name: str) -> str:
    """The spreadsheet column letter of a header (for messages)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(header.index(name) + 1) if name in header else "?"


def _condition(expression: str):
    """A simple relevant expression as a show_if mapping, or None when unsupported."""
    match = SELECTED.match(expression)
    if match:
        return {"item": match.group(1), "op": "in", "value": [_scalar(match.group(2))]}
    match = EQUALS.match(expression)
    if match:
        return {"item": match.group(1), "value": _scalar(match.group(2))}
    return None


def _scalar(value: str):
    return int(value) if value.lstrip("-").isdigit() else value


def _choices(sheet) -> dict[str, list]:
    _header, rows = _rows(sheet)
    lists: dict[str, list] = {}
    for _number, values in rows:
        lists.setdefault(values.get("list_name", ""), []).append(
            {"value": _scalar(values.get("name", "")), "text": _texts(values)})
    return lists


class _Builder:
    """Sections and items gathered row by row, with the problems found."""

    def __init__(self, header: list[str], lists: dict):
        self.header, self.lists = header, lists
        self.sections: list[dict] = [{"id": "main", "title": {"zh_CN": "问卷"}, "items": []}]
        self.problems: list[str] = []

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(_("survey sheet, row %(row)s, column %(col)s (%(name)s): "
                               "%(message)s", row=row, col=_column(self.header, column),
                               name=column, message=message))

    def add(self, row: int, values: dict) -> None:
        kind, _sp, rest = values.get("type", "").partition(" ")
        if kind == "begin" and rest.strip() == "group" or kind == "begin_group":
            self.sections.append({"id": values.get("name") or f"group{row}",
                                  "title": _texts(values) or {"zh_CN": values.get("name", "")},
                                  "items": []})
        elif kind == "end" and rest.strip() == "group" or kind == "end_group":
            self.sections.append({"id": f"after{row}", "title": {"zh_CN": "问卷"}, "items": []})
        elif kind == "note":
            section = self.sections[-1]
            note = _texts(values)
            section["description"] = note if note else section.get("description")
        else:
            self._item(row, values, kind, rest.strip())

    def _item(self, row, values, kind, list_name) -> None:
        item = {"id": values.get("name", ""), "text": _texts(values)}
        if kind in ("select_one", "select_multiple"):
            if list_name not in self.lists:
                return self.problem(row, "type", _("no choices list named '%(name)s'",
                                                   name=list_name))
            item["type"] = "single_choice" if kind == "select_one" else "multi_choice"
            item["options"] = self.lists[list_name]
        elif kind in TYPES:
            item["type"] = TYPES[kind]
        else:
            return self.problem(row, "type", _("type '%(type)s' is not supported",
                                               type=values.get("type")))
        if values.get("required", "").lower() in ("yes", "true", "true()", "1"):
            item["required"] = True
        if values.get("relevant"):
            condition = _condition(values["relevant"])
            if condition is None:
                return self.problem(row, "relevant", _(
                    "only ${q} = 'x' and selected(${q}, 'x') are supported"))
            item["show_if"] = condition
        self.sections[-1]["items"].append(item)


def read_xlsform(data: bytes, key: str) -> dict:
    """An XLSForm workbook as a definition mapping, or a FieldError listing every problem."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FieldError("file", _("The file is not an Excel workbook (.xlsx).")) from None
    if "survey" not in book.sheetnames:
        raise FieldError("file", _("The workbook has no sheet named survey."))
    header, rows = _rows(book["survey"])
    lists = _choices(book["choices"]) if "choices" in book.sheetnames else {}
    builder = _Builder(header, lists)
    for number, values in rows:
        builder.add(number, values)
    if builder.problems:
        raise FieldError("file", "; ".join(builder.problems))
    return {"key": key, "kind": "owner_survey", "version": "1",
            "title": {"zh_CN": key}, "dimensions": [{"key": "general",
                                                     "label": {"zh_CN": "综合", "en": "General"}}],
            "sections": [s for s in builder.sections if s["items"]]}
