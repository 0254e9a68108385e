"""Which characters text may hold: none that a database, XML or a spreadsheet refuses."""

from __future__ import annotations

import re

#: C0 controls except TAB, LF and CR (NUL among them: PostgreSQL text cannot hold it),
#: the non-characters U+FFFE/U+FFFF and lone surrogates: none is valid in XML 1.0 (.xlsx)
DISALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """The text without disallowed characters (everything else is kept as typed)."""
    return DISALLOWED.sub("", value)


def has_disallowed(value: str) -> bool:
    """Whether the text holds a character that clean_text would remove."""
    return DISALLOWED.search(value) is not None
