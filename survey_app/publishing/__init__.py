"""Publishing and the public notice board (公示): a closed period's summary put on the board,
withdrawn with a reason, and read by owners without logging in."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..jobs import pages as job_pages
from ..permissions import guard_blueprint

bp = Blueprint("publishing", __name__, template_folder="templates")
guard_blueprint(bp, "results.publish", community_arg="community_id")

job_pages.KIND_LABELS["notice_pdf"] = _l("Notice-board PDF")
job_pages.BACK_LINKS["notice_pdf"] = lambda job: url_for(
    "publishing.notice", community_id=job.community_id)

from . import routes  # noqa: E402,F401
