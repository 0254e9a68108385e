"""Read-only JSON API under /api/v1: communities, periods and results (bearer tokens)."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# token-authenticated, read-only, no cookies: CSRF does not apply
csrf.exempt(bp)

from . import routes  # noqa: E402,F401
