"""The one check of a ``next=`` target: a path on this site, or the home page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

#: a Location header cannot carry these, and a browser reads "\" as "/" ("/\evil" -> evil)
_REFUSED = frozenset("\\") | frozenset(chr(c) for c in range(0x20)) | {"\x7f"}


def safe_next(target: str | None, default: str = "main.home") -> str:
    """``target`` when it is a local path (no scheme, host, control character or backslash),
    else the URL of the ``default`` endpoint."""
    if target and _is_local_path(target):
        return target
    return url_for(default)


def _is_local_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//") or len(target) > 2000:
        return False
    if any(ch in _REFUSED for ch in target):
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc
