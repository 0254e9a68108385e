"""URL converters that refuse what no row can match: 404 instead of a database error."""

from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

from .text import has_disallowed

#: the largest value of a PostgreSQL ``integer`` (SQLite's limit, 2^63 - 1, is larger)
MAX_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that only matches 0 … 2^31-1 (a larger id cannot exist)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)
        self.max = MAX_INT if self.max is None else builtins.min(self.max, MAX_INT)
        if self.min is None and signed:
            self.min = -MAX_INT - 1

    def to_python(self, value: str):
        if len(value) > 12:  # not worth converting: far out of range
            raise ValidationError()
        return super().to_python(value)


class CleanStringConverter(UnicodeConverter):
    """The default ``<name>`` converter, refusing control characters and NUL."""

    def to_python(self, value: str) -> str:
        if has_disallowed(value):
            raise ValidationError()
        return value


def install(app: Flask) -> None:
    """Replace the int and default string converters for every route registered afterwards."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = CleanStringConverter
    app.url_map.converters["string"] = CleanStringConverter
