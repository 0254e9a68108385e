"""Downloads of the overview: CSV and Excel, formula-safe (survey_app/tabular.py)."""

from __future__ import annotations

from ..tabular import csv_bytes, xlsx_bytes
from .pages import EXPORT_COLUMNS, export_rows


def _headers() -> list[str]:
    return [str(label) for _key, label in EXPORT_COLUMNS]


def overview_file(rows: list[dict], kind: str) -> bytes:
    """The rows as CSV (UTF-8 with a BOM for Excel in China) or Excel workbook bytes."""
    if kind == "csv":
        return csv_bytes(_headers(), export_rows(rows))
    return xlsx_bytes([("overview", _headers(), export_rows(rows))])
