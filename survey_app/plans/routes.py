"""Screens of recurring inspection plans: the list with coverage calendars, a new plan."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, visible_communities
from ..inspections.services import local_today
from ..permissions import require
from ..routes_base import submit
from . import bp, pages, services
from .forms import PlanForm


@bp.route("/")
def index():
    """Communities whose inspection plans the user may see."""
    communities = visible_communities("plan.view")
    if len(communities) == 1:
        return redirect(url_for(".community", community_id=communities[0].id))
    return render_template("plans/index.html", communities=communities)


@bp.route("/c/<int:community_id>/")
def community(community_id):
    """The plans of a community with their coverage calendars (done, open, missed)."""
    return render_template("plans/community.html", community=get_community(community_id),
                           **pages.community(community_id))


@bp.route("/c/<int:community_id>/new", methods=["GET", "POST"])
@require("plan.manage", community_arg="community_id")
def new(community_id):
    """Plan a recurring inspection with its assignees."""
    comm = get_community(community_id)
    form = PlanForm()
    form.assignees.choices = pages.assignee_choices(community_id)
    if request.method == "GET":
        form.starts_on.data = local_today()
    done = submit(form, lambda: services.create_plan(
        community_id, kind=form.kind.data, title=form.title.data or "",
        recurrence_key=form.recurrence.data, starts_on=form.starts_on.data,
        ends_on=form.ends_on.data, area=form.area.data or "",
        assignee_ids=form.assignees.data or [], user=current_user,
        second_ok=form.second_ok.data),
        _("Plan saved."), url_for(".community", community_id=community_id),
        field="kind")
    return done or (render_template("plans/new.html", community=comm, form=form),
                    400 if request.method == "POST" else 200)
