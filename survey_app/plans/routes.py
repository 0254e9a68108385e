"""Screens of recurring inspection plans."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from ..communities.services import visible_communities
from . import bp


@bp.route("/")
def index():
    """Communities whose inspection plans the user may see."""
    communities = visible_communities("plan.view")
    if len(communities) == 1:
        return redirect(url_for(".community", community_id=communities[0].id))
    return render_template("plans/index.html", communities=communities)


@bp.route("/c/<int:community_id>/")
def community(community_id):
    """The plans of a community with their coverage calendars."""
    return render_template("plans/index.html", communities=[])
