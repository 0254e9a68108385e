"""Signing for oneself 各方自行签字: one-time signing links, drawn signatures, the public page.

Features that need signatures (inspections, assessments) register a handler for their
purpose; this package never imports them, so the edge points one way.
"""

from flask import Blueprint

bp = Blueprint("signing", __name__, url_prefix="/sign", template_folder="templates")

from . import routes_public  # noqa: E402,F401
