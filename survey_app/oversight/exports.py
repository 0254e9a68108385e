"""Downloads of the overview: CSV and Excel, formula-safe (survey_app/tabular.py)."""

from __future__ import annotations

from flask import Response

from ..tabular import csv_bytes, xlsx_bytes
from .pages import EXPORT_COLUMNS, export_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [str(label) for _key, label in EXPORT_COLUMNS]


def overview_csv(rows: list[dict]) -> Response:
    """The rows as a UTF-8 CSV download (with a BOM for Excel in China)."""
    return Response(csv_bytes(_headers(), export_rows(rows)), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=overview.csv"})


def overview_xlsx(rows: list[dict]) -> Response:
    """The rows as an Excel workbook download."""
    return Response(xlsx_bytes([("overview", _headers(), export_rows(rows))]), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=overview.xlsx"})
