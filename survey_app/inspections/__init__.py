"""Committee joint inspections 联合检查 and the rectification loop 检查-反馈-整改-复查."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item, period_link

bp = Blueprint("inspections", __name__, url_prefix="/inspections", template_folder="templates")
guard_blueprint(bp, "inspection.view", community_arg="community_id")
nav_item("inspections.index", _l("Joint inspections"), "inspection.view")
period_link("inspections", _l("Joint inspections"), "inspection.view",
            lambda community, period: url_for("inspections.community", community_id=community.id,
                                              period=period.id))



@bp.context_processor
def _labels():
    """Status and kind labels for this feature's templates."""
    from .models import template_labels

    return template_labels()


from . import routes, routes_offline  # noqa: E402,F401
