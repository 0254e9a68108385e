"""Cells of an exported table: no character a workbook refuses, no formula (CSV injection).

Follows OWASP's "CSV Injection" guidance: a text cell that starts with ``=``, ``+``, ``-``,
``@``, TAB or CR is prefixed with a single quote so that no spreadsheet evaluates it; CSV
cells are all quoted (``csv_dialect``). Plain numbers, also as text (``-3``, ``+1.5``), stay
as they are: they cannot be formulas.
"""

from __future__ import annotations

import re

from .text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """The value as an export may write it: text cleaned and defused, anything else as is."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values) -> list:
    """safe_cell of every value in a row."""
    return [safe_cell(v) for v in values]
