"""gettext that also works outside a request (CLI, demo seeding, benchmarks): English there."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext as _babel_gettext


def gettext(message: str, **variables) -> str:
    """The message in the user's language inside a request, else the English source."""
    if has_request_context():
        return _babel_gettext(message, **variables)
    return message % variables if variables else message
