"""Masking of personal data (PIPL): the one place that turns a phone or a name into its
masked form (138****1234, 张**), for every page, export and PDF shown to anyone other than
the assignee of an open ticket."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_phone(phone: str | None) -> str:
    """A phone with all but its first three and last four digits hidden: 138****1234."""
    text = (phone or "").strip()
    digits = _DIGITS.findall(text)
    if not digits:
        return ""
    if len(digits) <= 7:
        # too short to keep both ends: keep the last two only, so no number can be rebuilt
        return "*" * (len(digits) - 2) + "".join(digits[-2:]) if len(digits) > 2 else "**"
    return "".join(digits[:3]) + "****" + "".join(digits[-4:])


def mask_name(name: str | None) -> str:
    """A name with only its first character shown: 张** (a one-character name becomes *)."""
    text = (name or "").strip()
    if not text:
        return ""
    if len(text) == 1:
        return "*"
    return text[0] + "*" * min(len(text) - 1, 2)

