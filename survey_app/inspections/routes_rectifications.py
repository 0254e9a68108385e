"""Screens of the rectification loop and photo serving."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community
from ..errors import FieldError
from ..extensions import db
from ..permissions import can, require
from ..uploads import Photo, UploadError, send_photo
from . import assignment, bp, pages, rectifications, services
from .forms import AssignForm, EvidenceForm, ReviewForm
from .models import RECT_STATUSES, ItemScore, Rectification


@bp.route("/c/<int:community_id>/rectifications")
def rect_list(community_id):
    """Rectification tasks: the committee's overview and the company's to-do list."""
    comm = get_community(community_id)
    status = request.args.get("status", "active")
    status = status if status in RECT_STATUSES or status == "active" else None
    found = rectifications.listing(community_id, status=status,
                                   dimension=request.args.get("dimension") or None,
                                   overdue=request.args.get("overdue") == "1")
    return render_template("inspections/rect_list.html", community=comm, rects=found,
                           status=status, summary=rectifications.summary(community_id),
                           dimensions=pages.dimension_choices(), today=services.local_today(),
                           item_text=rectifications.item_text)


def _assign_form(rect, form=None) -> AssignForm:
    form = form or AssignForm(formdata=None, assignee=rect.assignee_id)
    form.assignee.choices = [(0, _("— choose an account —"))] + [
        (u.id, u.display_name or u.username) for u in assignment.candidates(rect.community_id)]
    return form


def _detail(rect, evidence_form=None, review_form=None, code=200, assign_form=None):
    return render_template(
        "inspections/rect_show.html", rect=rect, community=get_community(rect.community_id),
        evidence=rectifications.evidence(rect), item_text=rectifications.item_text(rect),
        before=rectifications.before_photos(rect),
        today=services.local_today(), evidence_form=evidence_form or EvidenceForm(),
        review_form=review_form or ReviewForm(),
        assign_form=_assign_form(rect, assign_form)), code


@bp.route("/c/<int:community_id>/rectifications/<int:rect_id>")
def rect_show(community_id, rect_id):
    """A rectification with its full history and the next step for the user."""
    return _detail(rectifications.get_rectification(community_id, rect_id))


def _done(rect, message):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("inspections.rect_show", community_id=rect.community_id,
                            rect_id=rect.id))


@bp.route("/c/<int:community_id>/rectifications/<int:rect_id>/start", methods=["POST"])
@require("rectification.update", community_arg="community_id")
def rect_start(community_id, rect_id):
    """The company starts work on a task."""
    rect = rectifications.get_rectification(community_id, rect_id)
    try:
        rectifications.start_work(rect, user=current_user)
    except FieldError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".rect_show", community_id=community_id, rect_id=rect_id))
    return _done(rect, _("Marked as in progress."))


@bp.route("/c/<int:community_id>/rectifications/<int:rect_id>/assign", methods=["POST"])
@require("rectification.update", community_arg="community_id")
def rect_assign(community_id, rect_id):
    """The company puts one of its accounts on the task."""
    rect = rectifications.get_rectification(community_id, rect_id)
    form = _assign_form(rect, AssignForm())
    if form.validate_on_submit():
        try:
            assignment.assign(rect, form.assignee.data, user=current_user)
        except FieldError as exc:
            db.session.rollback()
            form.assignee.errors = [str(exc)]
        else:
            return _done(rect, _("Assigned."))
    return _detail(db.session.get(Rectification, rect_id), assign_form=form, code=400)


@bp.route("/c/<int:community_id>/rectifications/<int:rect_id>/submit", methods=["POST"])
@require("rectification.update", community_arg="community_id")
def rect_submit(community_id, rect_id):
    """The company submits evidence of the fix for re-inspection."""
    rect = rectifications.get_rectification(community_id, rect_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            rectifications.submit_evidence(rect, form.note.data or "", form.photos.data or [],
                                           user=current_user)
        except (FieldError, UploadError) as exc:
            db.session.rollback()
            form.note.errors = [str(exc)] if not isinstance(exc, UploadError) else []
            form.photos.errors = [str(exc)] if isinstance(exc, UploadError) else []
        else:
            return _done(rect, _("Evidence submitted for re-inspection."))
    return _detail(db.session.get(Rectification, rect_id), evidence_form=form, code=400)


@bp.route("/c/<int:community_id>/rectifications/<int:rect_id>/review", methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def rect_review(community_id, rect_id):
    """Re-inspection 复查: the committee verifies the fix or reopens the task."""
    return review_post(rectifications.get_rectification(community_id, rect_id))


def review_post(rect):
    """Verify or send back a submitted fix (joint: the committee; internal: 品质部)."""
    form = ReviewForm()
    action = request.form.get("action")
    if action not in ("verify", "reopen"):
        abort(400)
    if form.validate_on_submit():
        try:
            if action == "verify":
                rectifications.verify(rect, form.note.data or "", form.photos.data or [],
                                      user=current_user)
            else:
                rectifications.reopen(rect, form.note.data or "", form.due_date.data,
                                      user=current_user)
        except (FieldError, UploadError) as exc:
            db.session.rollback()
            field = form.photos if isinstance(exc, UploadError) else \
                getattr(form, getattr(exc, "field", "note"), form.note)
            field.errors = [str(exc)]
        else:
            return _done(rect, _("Verified and closed.") if action == "verify"
                         else _("Sent back: the task goes back to the company."))
    return _detail(db.session.get(Rectification, rect.id), review_form=form, code=400)


@bp.route("/c/<int:community_id>/photos/<int:photo_id>")
def photo(community_id, photo_id):
    """An inspection or rectification photo, only for users who may see the community's data."""
    item = db.session.get(Photo, photo_id)
    if item is None or item.community_id != community_id \
            or item.owner_type not in ("inspection_item", "rectification"):
        abort(404)
    if item.owner_type == "inspection_item" and db.session.get(ItemScore, item.owner_id) is None:
        abort(404)
    if not can("inspection.view", community_id):
        abort(403)
    return send_photo(item, thumb=bool(request.args.get("thumb")))
