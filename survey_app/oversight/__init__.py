"""Oversight across communities: companies, jurisdictions, the overview, escalated complaints."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item

bp = Blueprint("oversight", __name__, url_prefix="/overview", template_folder="templates")
guard_blueprint(bp, "overview.view")
nav_item("oversight.index", _l("Overview"), "overview.view")
nav_item("oversight.org", _l("Companies and jurisdictions"), "org.manage")
nav_item("oversight.escalation_list", _l("Escalated complaints"), "escalation.handle")

from . import routes, routes_close, routes_escalations, routes_org  # noqa: E402,F401
from .routes_escalations import public_bp  # noqa: E402,F401  (features.blueprints)
