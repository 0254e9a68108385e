"""Personal data (PIPL): the versioned consent text, retention of owners' contact details,
and exporting or deleting one person's data on request."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")

from . import pages, routes  # noqa: E402,F401
