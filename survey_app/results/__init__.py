"""Results: the only door to numbers. Sources → stats → cached results of record; scoring
schemes and weights; the dashboard, score details and ranking pages."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item, period_link

bp = Blueprint("results", __name__, url_prefix="/results", template_folder="templates",
               cli_group="schemes")
guard_blueprint(bp, "results.view", community_arg="community_id")
period_link("results.show", _l("Score details by source"), "results.view",
            lambda community, period: url_for("results.show", community_id=community.id,
                                              period_id=period.id))
nav_item("results.ranking", _l("Ranking"), "results.view")
period_link("results.dashboard", _l("Results overview"), "results.view",
            lambda c, p: url_for("results.dashboard", community_id=c.id, period_id=p.id))


@bp.app_template_filter("report_label")
def report_label(text_map) -> str:
    """A scheme label map ({'zh_CN': …, 'en': …}) in the current language."""
    from .pages import label

    return label(text_map)


from . import cli, routes, routes_scheme  # noqa: E402,F401
