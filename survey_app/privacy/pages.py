"""Presentation helpers: the current consent text for the repair form."""

from __future__ import annotations

from . import bp, consent


@bp.app_template_global("consent_text")
def consent_text() -> str:
    """The consent text owners agree to, in the page's language."""
    return consent.current_text()
