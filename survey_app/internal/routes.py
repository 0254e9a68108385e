"""Screens of internal inspections; scoring, rectification and re-inspection posts go through
the joint inspections' own views (inspections.routes) with the internal record."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, visible_communities
from ..errors import NotFound
from ..inspections import pages as joint_pages
from ..inspections import rectifications
from ..inspections.models import INTERNAL_KINDS
from ..inspections.routes import item_post, pass_post, photo_delete_post, rectify_view
from ..inspections.routes_offline import photo_post, save_post
from ..inspections.routes_rectifications import review_post
from ..inspections.services import get_inspection, local_today
from ..permissions import json_401, login_only, require
from ..routes_base import attempt, submit, worker_script
from . import bp, pages, services
from .forms import FinishForm, InternalForm

RECORD = "internal.record"


def _inspection(community_id: int, inspection_id: int):
    return get_inspection(community_id, inspection_id, internal=True)


@bp.route("/")
def index():
    """Communities whose internal inspections the user may see."""
    communities = visible_communities("internal.view")
    if len(communities) == 1:
        return redirect(url_for(".community", community_id=communities[0].id))
    return render_template("internal/index.html", communities=communities)


@bp.route("/c/<int:community_id>/")
def community(community_id):
    """Internal inspections of a community, findings by time of day, open tasks."""
    kind = request.args.get("kind") if request.args.get("kind") in INTERNAL_KINDS else None
    return render_template("internal/community.html", community=get_community(community_id),
                           **pages.community(community_id, kind))


@bp.route("/c/<int:community_id>/new", methods=["GET", "POST"])
@require(RECORD, community_arg="community_id")
def schedule(community_id):
    """Record a new internal inspection (kind, date, start time, inspector)."""
    comm = get_community(community_id)
    form = InternalForm()
    if request.method == "GET":
        form.inspection_date.data = local_today()
    done = submit(form, lambda: services.schedule(
        community_id, kind=form.kind.data, inspection_date=form.inspection_date.data,
        start_time=form.start_time.data, inspector=form.inspector.data or "",
        inspector_from=form.inspector_from.data or "", area=form.area.data or "",
        title=form.title.data or "", user=current_user),
        _("Internal inspection recorded: score the checklist on the walk-round."),
        lambda made: url_for(".walk", community_id=community_id, inspection_id=made.id),
        field="inspection_date")
    return done or (render_template("internal/schedule.html", community=comm, form=form),
                    400 if request.method == "POST" else 200)


@bp.route("/c/<int:community_id>/<int:inspection_id>")
def show(community_id, inspection_id):
    """The written record of an internal inspection, its findings and their tasks."""
    inspection = _inspection(community_id, inspection_id)
    return render_template("internal/show.html", finish_form=FinishForm(),
                           **pages.record(inspection))


@bp.route("/c/<int:community_id>/<int:inspection_id>/walk")
@require(RECORD, community_arg="community_id")
def walk(community_id, inspection_id):
    """The walk-round, the same phone-first page as a joint inspection's."""
    inspection = _inspection(community_id, inspection_id)
    return render_template("inspections/walk.html", **joint_pages.walk(inspection))


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>", methods=["POST"])
@require(RECORD, community_arg="community_id")
def save_item(community_id, inspection_id, item_id):
    """Save one item of the walk-round."""
    return item_post(_inspection(community_id, inspection_id), item_id)


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline",
          methods=["POST"])
@require(RECORD, community_arg="community_id")
@json_401
def offline_save(community_id, inspection_id, item_id):
    """A queued item save from the phone (issue 20): idempotent by key, 409 when stale."""
    return save_post(_inspection(community_id, inspection_id), item_id)


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline-photo",
          methods=["POST"])
@require(RECORD, community_arg="community_id")
@json_401
def offline_photo(community_id, inspection_id, item_id):
    """A queued photo from the phone: idempotent by key."""
    return photo_post(_inspection(community_id, inspection_id), item_id)


@bp.route("/sw-walk.js")
@login_only
def service_worker():
    """The walk-round's service worker, served here so its scope covers /internal/."""
    return worker_script()


@bp.route("/c/<int:community_id>/<int:inspection_id>/sections/<section_id>/pass",
          methods=["POST"])
@require(RECORD, community_arg="community_id")
def pass_section(community_id, inspection_id, section_id):
    """其余全部合格 for one section."""
    return pass_post(_inspection(community_id, inspection_id), section_id)


@bp.route("/c/<int:community_id>/<int:inspection_id>/photos/<int:photo_id>/delete",
          methods=["POST"])
@require(RECORD, community_arg="community_id")
def delete_photo(community_id, inspection_id, photo_id):
    """Delete an item photo taken by mistake."""
    return photo_delete_post(_inspection(community_id, inspection_id), photo_id)


@bp.route("/c/<int:community_id>/<int:inspection_id>/finish", methods=["POST"])
@require(RECORD, community_arg="community_id")
def finish(community_id, inspection_id):
    """The inspector closes the record; its findings can then open rectifications."""
    inspection = _inspection(community_id, inspection_id)
    target = url_for(".show", community_id=community_id, inspection_id=inspection_id,
                     _anchor="findings")
    if not FinishForm().validate_on_submit():
        flash(_("The form has expired; please try again."), "error")
        return redirect(target)
    return attempt(lambda: services.finish(inspection, user=current_user),
                   _("Inspection finished: its record is locked."), target)


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/rectify",
          methods=["GET", "POST"])
@require(RECORD, community_arg="community_id")
def rectify(community_id, inspection_id, item_id):
    """Open a rectification for the responsible department from a finding."""
    return rectify_view(_inspection(community_id, inspection_id), item_id)


@bp.route("/c/<int:community_id>/rectifications/<int:rect_id>/review", methods=["POST"])
@require(RECORD, community_arg="community_id")
def rect_review(community_id, rect_id):
    """Re-inspection 复查 by the quality department: verify the fix or send it back."""
    rect = rectifications.get_rectification(community_id, rect_id)
    if not rect.inspection.internal:
        raise NotFound
    return review_post(rect)
