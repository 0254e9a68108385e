"""Results dashboard, PDF assessment reports, company ranking and the public notice board (公示)."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import nav_item, period_link

bp = Blueprint("reports", __name__, template_folder="templates")
guard_blueprint(bp, "results.view", community_arg="community_id")

nav_item("reports.ranking_page", _l("Ranking"), "results.view")
period_link("reports.dashboard", _l("Results"), "results.view",
            lambda c, p: url_for("reports.dashboard", community_id=c.id, period_id=p.id))
period_link("reports.reports", _l("PDF reports"), "report.manage",
            lambda c, p: url_for("reports.reports", community_id=c.id, period_id=p.id))



@bp.app_template_filter("report_rect_status")
def report_rect_status(key: str | None) -> str:
    """A rectification status key in the current language (stored summaries keep the key)."""
    from ..inspections.models import RECT_STATUSES

    return str(RECT_STATUSES.get(key, key or ""))


@bp.app_template_filter("report_label")
def report_label(text_map) -> str:
    """A scheme label map ({'zh_CN': …, 'en': …}) in the current language."""
    from .view import label

    return label(text_map)


from . import routes  # noqa: E402,F401
