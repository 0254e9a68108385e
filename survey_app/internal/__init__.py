"""The company's own quality inspections (品质部): patrols, special, night/holiday and cross checks."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item

bp = Blueprint("internal", __name__, url_prefix="/internal", template_folder="templates")
guard_blueprint(bp, "internal.view", community_arg="community_id")
nav_item("internal.index", _l("Internal inspections"), "internal.view")


@bp.context_processor
def _labels():
    """Status and kind labels, shared with the joint inspections' templates."""
    from ..inspections.models import template_labels

    return template_labels()


from . import routes  # noqa: E402,F401
