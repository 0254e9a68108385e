"""Third-party assessment 第三方评估: independent scoring, agreement, review and sign-off."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item, period_link

bp = Blueprint("assessments", __name__, url_prefix="/assessments",
               template_folder="templates")
guard_blueprint(bp, "assessment.view")

nav_item("assessments.index", _l("Third-party assessment"), "assessment.view")
period_link("assessments", _l("Third-party assessment"), "assessment.view",
            lambda community, period: url_for("assessments.period", community_id=community.id,
                                              period_id=period.id))

from . import routes, routes_offline  # noqa: E402,F401
