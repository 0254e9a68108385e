"""The signed-in home page and a health check."""

from flask import jsonify, render_template
from sqlalchemy import text

from ..communities import services as community_services
from ..extensions import db
from ..permissions import login_only, public
from . import bp


@bp.route("/")
@login_only
def home():
    """The communities the user works on, with their periods."""
    communities = community_services.visible_communities()
    return render_template("main/home.html", communities=communities)


@bp.route("/healthz")
@public
def health():
    """Liveness and database check for load balancers."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
