"""Recurring inspection plans: due occurrences, a coverage calendar, missed ones (漏检)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item

bp = Blueprint("plans", __name__, url_prefix="/plans", template_folder="templates")
guard_blueprint(bp, "plan.view", community_arg="community_id")
nav_item("plans.index", _l("Inspection plans"), "plan.view")


@bp.context_processor
def _labels():
    """Kind and recurrence labels."""
    from ..inspections.models import ALL_KINDS
    from .models import RECURRENCES

    return {"KINDS": ALL_KINDS, "RECURRENCES": RECURRENCES}


from . import routes  # noqa: E402,F401
