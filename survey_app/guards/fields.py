"""Number fields that accept only finite numbers: NaN, sNaN and Infinity are form errors.

WTForms' DecimalField parses ``sNaN`` and ``NaN``, which then make NumberRange raise
(a 500), and FloatField lets ``nan`` through NumberRange unnoticed.
"""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, FloatField
from wtforms.validators import StopValidation

NOT_FINITE = _l("Enter an ordinary number (not NaN or infinity).")


class _Finite:
    """Mixin: a parsed value that is not finite becomes a field error; no validator runs."""

    not_finite = False

    def process_formdata(self, valuelist):
        self.not_finite = False
        super().process_formdata(valuelist)
        if self.data is not None and not _is_finite(self.data):
            self.data, self.not_finite = None, True
            raise ValueError(str(NOT_FINITE))

    def pre_validate(self, form):
        if self.not_finite:
            raise StopValidation()
        super().pre_validate(form)


def _is_finite(value) -> bool:
    return value.is_finite() if hasattr(value, "is_finite") else math.isfinite(value)


class FiniteDecimalField(_Finite, DecimalField):
    """DecimalField that refuses NaN, sNaN and Infinity."""


class FiniteFloatField(_Finite, FloatField):
    """FloatField that refuses NaN and Infinity."""
