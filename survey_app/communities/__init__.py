"""Communities, buildings, households and assessment periods."""

from flask import Blueprint

from ..permissions import guard_blueprint

bp = Blueprint("communities", __name__, url_prefix="/communities",
               template_folder="templates")
guard_blueprint(bp, "community.view", community_arg="community_id")

from . import routes  # noqa: E402,F401
