"""Publishing and the public notice board (公示): a closed period's summary put on the board,
withdrawn with a reason, and read by owners without logging in."""

from flask import Blueprint

from ..permissions import guard_blueprint

bp = Blueprint("publishing", __name__, template_folder="templates")
guard_blueprint(bp, "results.publish", community_arg="community_id")

from . import routes  # noqa: E402,F401
