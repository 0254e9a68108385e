"""PDF assessment reports: a result → charts → HTML → PDF (WeasyPrint); computes nothing.

The numbers come from the results service; words (rectifications, conclusions, comments)
from ``data``; presentation from ``pages`` and ``charts``.
"""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..jobs import pages as job_pages
from ..permissions import guard_blueprint
from ..templating import period_link

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
guard_blueprint(bp, "results.view", community_arg="community_id")

period_link("reports.reports", _l("PDF reports"), "report.manage",
            lambda c, p: url_for("reports.reports", community_id=c.id, period_id=p.id))

job_pages.KIND_LABELS["report"] = _l("PDF report")
job_pages.BACK_LINKS["report"] = lambda job: url_for(
    "reports.reports", community_id=job.community_id, period_id=job.params["period_id"])


@bp.app_template_filter("report_rect_status")
def report_rect_status(key: str | None) -> str:
    """A rectification status key in the current language (stored summaries keep the key)."""
    from ..inspections.models import RECT_STATUSES

    return str(RECT_STATUSES.get(key, key or ""))


from . import routes  # noqa: E402,F401
