"""Results: scoring schemes and weights, cached period results, the results page."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import period_link

bp = Blueprint("results", __name__, url_prefix="/results", template_folder="templates",
               cli_group="schemes")
guard_blueprint(bp, "results.view", community_arg="community_id")
period_link("results.show", _l("Score details"), "results.view",
            lambda community, period: url_for("results.show", community_id=community.id,
                                              period_id=period.id))

from . import cli, routes  # noqa: E402,F401
