"""Reading and writing .csv/.xlsx tables for imports and exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from zipfile import BadZipFile

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from .guards.cells import safe_row
from .guards.text import clean_text

MAX_ROWS = 20000


class TableError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    """One problem in one row and column of an uploaded table."""

    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did, or every reason it did nothing."""

    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("the CSV file is neither UTF-8 nor GBK encoded"))


def read_table(filename: str, data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Headers and (spreadsheet row number, {header: text}) rows of a .csv or .xlsx file."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(_decode(data))))
    else:
        raise TableError(_("only .xlsx and .csv files can be imported"))
    rows = [[_clean(v) for v in row] for row in rows]
    if not rows or not any(rows[0]):
        raise TableError(_("the file is empty or its first row holds no column headers"))
    if len(rows) - 1 > MAX_ROWS:
        raise TableError(_("the file has more than %(n)d rows", n=MAX_ROWS))
    headers = rows[0]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        padded = row + [""] * (len(headers) - len(row))
        out.append((number, dict(zip(headers, padded, strict=False))))
    return headers, out


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("the file is not a readable .xlsx workbook")) from exc
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def resolve_columns(headers: list[str], aliases: dict[str, tuple[str, ...]],
                    required: Iterable[str]) -> tuple[dict[str, str], list[RowError]]:
    """Map canonical column keys to the file's headers; errors for required ones missing."""
    lookup = {h.strip().lower(): h for h in headers if h}
    mapping, errors = {}, []
    for key, names in aliases.items():
        for name in names:
            if name.lower() in lookup:
                mapping[key] = lookup[name.lower()]
                break
    for key in required:
        if key not in mapping:
            errors.append(RowError(1, aliases[key][0],
                                   _("required column is missing (accepted headers: %(names)s)",
                                     names=" / ".join(aliases[key]))))
    return mapping, errors


def open_upload(filename: str, data: bytes, aliases: dict[str, tuple[str, ...]],
                required: Iterable[str]) -> tuple[ImportReport, list[str], list, dict[str, str]]:
    """(report, headers, rows, column mapping) of an uploaded table; a file that cannot be
    read, or lacks a required column, leaves its errors in the report."""
    report = ImportReport()
    try:
        headers, rows = read_table(filename, data)
    except ValueError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report, [], [], {}
    mapping, report.errors = resolve_columns(headers, aliases, required)
    return report, headers, rows, mapping


def xlsx_bytes(sheets: list[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """An .xlsx workbook with bold headers: [(title, headers, rows), …]."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(safe_row(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row(row))
        for column in sheet.columns:
            width = max((len(str(c.value or "")) for c in column), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 4, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: list[str], rows: Iterable[Iterable]) -> bytes:
    """UTF-8 CSV with a BOM so that Excel in China opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(safe_row(headers))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
