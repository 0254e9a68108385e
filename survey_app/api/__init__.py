"""Read-only JSON API under /api/v1 (bearer tokens), and the staff pages that manage tokens.

Two blueprints: ``bp`` serves the API (token-authenticated, no cookies, so CSRF does not
apply); ``tokens_bp`` is the session-authenticated page where staff create and revoke tokens.
"""

from flask import Blueprint

from ..extensions import csrf
from ..permissions import guard_blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# token-authenticated, read-only, no cookies: CSRF does not apply
csrf.exempt(bp)

tokens_bp = Blueprint("api_tokens", __name__, url_prefix="/reports/api-tokens",
                      template_folder="templates")
guard_blueprint(tokens_bp, "api.manage")

from . import routes, routes_tokens  # noqa: E402,F401
