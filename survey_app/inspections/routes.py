"""Screens for scheduling, the walk-round, sign-off, corrections and the written record."""

from __future__ import annotations

import io
from datetime import date

from flask import (
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, visible_communities
from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import require
from ..routes_base import attempt, submit
from ..signing.pages import link_page
from ..uploads import UploadError
from . import bp, pages, rectifications, scoring, services, signing
from .forms import (
    CorrectionForm,
    ItemForm,
    RectificationForm,
    ScheduleForm,
    SignForm,
)
from .models import STATUSES


def _fail(form, exc: Exception, default: str) -> None:
    """Show a service (or upload) error next to the field it names, else next to `default`."""
    name = getattr(exc, "field", default)
    form_error(form, FieldError(name if hasattr(form, name) else default, str(exc)))


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/")
def index():
    """Communities whose inspections the user may see."""
    communities = visible_communities("inspection.view")
    if len(communities) == 1:
        return redirect(url_for(".community", community_id=communities[0].id))
    return render_template("inspections/index.html", communities=communities)


@bp.route("/c/<int:community_id>/")
def community(community_id):
    """Archive of a community's inspections with the rectification overview."""
    comm = get_community(community_id)
    filters = {"date_from": _date_arg("from"), "date_to": _date_arg("to"),
               "status": request.args.get("status") if request.args.get("status") in STATUSES
               else None, "dimension": request.args.get("dimension") or None}
    found = services.archive(community_id, **filters)
    if request.args.get("period", type=int):
        found = [i for i in found if i.period_id == request.args.get("period", type=int)]
    return render_template("inspections/community.html", community=comm, inspections=found,
                           totals=services.totals_by_inspection(found), filters=filters,
                           summary=rectifications.summary(community_id),
                           coverage=services.quarter_coverage(community_id),
                           dimensions=pages.dimension_choices())


@bp.route("/c/<int:community_id>/new", methods=["GET", "POST"])
@require("inspection.edit", community_arg="community_id")
def schedule(community_id):
    """Schedule a quarterly or ad-hoc inspection."""
    comm = get_community(community_id)
    form = ScheduleForm()
    if request.method == "GET" and not form.inspection_date.data:
        form.inspection_date.data = services.local_today()
    if form.validate_on_submit():
        try:
            inspection = services.schedule(community_id, kind=form.kind.data,
                                           inspection_date=form.inspection_date.data,
                                           title=form.title.data or "", area=form.area.data or "",
                                           user=current_user,
                                           second_quarterly=form.second_quarterly.data)
        except FieldError as exc:
            _fail(form, exc, "inspection_date")
        else:
            db.session.commit()
            flash(_("Inspection scheduled. Add the participants, then start the walk-round."),
                  "success")
            return redirect(url_for(".show", community_id=community_id, inspection_id=inspection.id))
    return render_template("inspections/schedule.html", community=comm, form=form)


@bp.route("/c/<int:community_id>/<int:inspection_id>")
def show(community_id, inspection_id):
    """The written record of an inspection: participants, scores, findings, signatures."""
    inspection = services.get_inspection(community_id, inspection_id)
    revision = request.args.get("revision", type=int)
    return _record_page(pages.record(inspection, revision))


def _record_page(context: dict, **forms) -> str:
    """The written record with its forms (fresh ones unless given)."""
    forms = {"correction_form": CorrectionForm(), **forms}
    forms["participant_form"] = pages.participant_form(context["inspection"],
                                                       forms.get("participant_form"))
    return render_template("inspections/show.html", **context, **forms)


def _refused_record(inspection, sign_errors=None, **forms):
    """The record page again, 400, with the errors of a refused action."""
    context = pages.record(inspection)
    context["sign_errors"] = sign_errors or {}
    return _record_page(context, **forms), 400


def _record_url(inspection, anchor: str = "participants") -> str:
    return url_for(".show", community_id=inspection.community_id,
                   inspection_id=inspection.id, _anchor=anchor)


@bp.route("/c/<int:community_id>/<int:inspection_id>/walk")
@require("inspection.edit", community_arg="community_id")
def walk(community_id, inspection_id):
    """The walk-round: one small form per checklist item, phone first."""
    inspection = services.get_inspection(community_id, inspection_id)
    return render_template("inspections/walk.html", **pages.walk(inspection))


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>", methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def save_item(community_id, inspection_id, item_id):
    """Save one item (form post without JS, or fetch with JSON back)."""
    return item_post(services.get_inspection(community_id, inspection_id), item_id)


def item_post(inspection, item_id):
    """The walk-round's item post, shared with internal inspections (``.walk`` is the
    requesting blueprint's own walk-round)."""
    form = ItemForm(prefix=item_id)
    if form.validate_on_submit():
        try:
            row = scoring.save_item(inspection, item_id, mode=form.mode.data,
                                    points=form.points.data, count=form.count.data,
                                    note=form.note.data or "", location=form.location.data or "",
                                    photos=form.photos.data or [], user=current_user)
        except (FieldError, UploadError) as exc:
            db.session.rollback()
            _fail(form, exc, "photos" if isinstance(exc, UploadError) else "mode")
        else:
            db.session.commit()
            if _wants_json():
                return jsonify(pages.item_json(inspection, row))
            flash(_("Item saved."), "success")
            return redirect(url_for(".walk", community_id=inspection.community_id,
                                    inspection_id=inspection.id) + f"#item-{item_id}")
    if _wants_json():
        return jsonify({"ok": False, "errors": pages.form_errors(form)}), 400
    return render_template("inspections/walk.html", **pages.walk(inspection, {item_id: form})), 400


@bp.route("/c/<int:community_id>/<int:inspection_id>/sections/<section_id>/pass",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def pass_section(community_id, inspection_id, section_id):
    """其余全部合格: full marks for the section's items that have no entry yet."""
    return pass_post(services.get_inspection(community_id, inspection_id), section_id)


def pass_post(inspection, section_id):
    """其余全部合格 for either blueprint's walk-round."""
    target = url_for(".walk", community_id=inspection.community_id,
                     inspection_id=inspection.id, _anchor=f"g-{section_id}")
    return attempt(lambda: flash(_("%(n)d items marked as passed.", n=len(
        scoring.pass_remaining(inspection, section_id, user=current_user))), "success"),
        None, target)


@bp.route("/c/<int:community_id>/<int:inspection_id>/photos/<int:photo_id>/delete",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def delete_photo(community_id, inspection_id, photo_id):
    """Delete an item photo taken by mistake."""
    return photo_delete_post(services.get_inspection(community_id, inspection_id), photo_id)


def photo_delete_post(inspection, photo_id):
    """Delete an item photo, back to either blueprint's walk-round."""
    return attempt(lambda: scoring.remove_photo(inspection, photo_id), _("Photo deleted."),
                   url_for(".walk", community_id=inspection.community_id,
                           inspection_id=inspection.id))


@bp.route("/c/<int:community_id>/<int:inspection_id>/participants", methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def add_participant(community_id, inspection_id):
    """Add a participant."""
    inspection = services.get_inspection(community_id, inspection_id)
    form = pages.participant_form(inspection)
    return submit(form, lambda: services.add_participant(
        inspection, name=form.name.data or "", organisation=form.organisation.data,
        role=form.role.data or "", user_id=form.user_id.data or None),
        _("Participant added."), _record_url(inspection), field="name") \
        or _refused_record(inspection, participant_form=form)


@bp.route("/c/<int:community_id>/<int:inspection_id>/participants/<int:participant_id>/delete",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def remove_participant(community_id, inspection_id, participant_id):
    """Remove a participant who has not signed."""
    inspection = services.get_inspection(community_id, inspection_id)
    return attempt(lambda: services.remove_participant(inspection, participant_id), None,
                   _record_url(inspection))


@bp.route("/c/<int:community_id>/<int:inspection_id>/participants/<int:participant_id>/sign",
          methods=["POST"])
def sign(community_id, inspection_id, participant_id):
    """A participant signs from their own account (the last signature locks the record)."""
    inspection = services.get_inspection(community_id, inspection_id)
    form = SignForm()
    if not form.validate_on_submit():
        return _refused_record(inspection, {participant_id: _expired_message()})
    try:
        signing.sign_as_account(inspection, participant_id, current_user)
    except FieldError as exc:
        db.session.rollback()
        return _refused_record(inspection, {participant_id: str(exc)})
    db.session.commit()
    flash(_("Signed.") + (" " + _("All participants have signed: the record is locked.")
                          if inspection.locked else ""), "success")
    return redirect(_record_url(inspection))


def _expired_message() -> str:
    """What a form without a valid CSRF token (an old page) hears."""
    return _("The form has expired; please try again.")


@bp.route("/c/<int:community_id>/<int:inspection_id>/participants/<int:participant_id>/link",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def signing_link(community_id, inspection_id, participant_id):
    """A one-time signing link, as a QR code, for a participant without an account."""
    inspection = services.get_inspection(community_id, inspection_id)
    if not SignForm().validate_on_submit():
        return _refused_record(inspection, {participant_id: _expired_message()})
    try:
        participant, link, token = signing.issue_link(inspection, participant_id, current_user)
    except FieldError as exc:
        db.session.rollback()
        return _refused_record(inspection, {participant_id: str(exc)})
    db.session.commit()
    return render_template("signing/link.html", **link_page(
        link, token, signer=participant.name, back_url=_record_url(inspection),
        title=inspection.title))


@bp.route("/c/<int:community_id>/<int:inspection_id>/signatures/<int:signoff_id>.png")
def signature(community_id, inspection_id, signoff_id):
    """A drawn signature of this inspection's record."""
    inspection = services.get_inspection(community_id, inspection_id)
    png = pages.signature_png(inspection, signoff_id)
    return send_file(io.BytesIO(png), mimetype="image/png", max_age=0)


@bp.route("/c/<int:community_id>/<int:inspection_id>/correct", methods=["POST"])
@require("inspection.edit", community_arg="community_id")
def correct(community_id, inspection_id):
    """Start a correction: a new revision that must be signed again."""
    inspection = services.get_inspection(community_id, inspection_id)
    form = CorrectionForm()
    return submit(form, lambda: services.start_correction(inspection, form.reason.data,
                                                          user=current_user),
                  _("Correction started: change the scores, then all participants sign again."),
                  url_for(".walk", community_id=community_id, inspection_id=inspection_id),
                  field="reason") \
        or _refused_record(inspection, correction_form=form)


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/rectify",
          methods=["GET", "POST"])
@require("inspection.edit", community_arg="community_id")
def rectify(community_id, inspection_id, item_id):
    """Open a rectification task from a finding."""
    return rectify_view(services.get_inspection(community_id, inspection_id), item_id)


def rectify_view(inspection, item_id):
    """The open-a-rectification form of either blueprint (``.show`` is its own record)."""
    community_id, inspection_id = inspection.community_id, inspection.id
    context = pages.finding(inspection, item_id)
    existing = rectifications.existing_for(inspection, item_id)
    if request.method == "GET" and existing is not None:
        flash(_("A rectification (#%(id)d) has already been opened for this finding; follow it "
                "up there.", id=existing.id), "info")
        return redirect(url_for("inspections.rect_show", community_id=community_id,
                                rect_id=existing.id))
    form = RectificationForm()
    if request.method == "GET":
        form.location.data = context["row"].location if context["row"] else ""
        form.description.data = context["row"].note if context["row"] else ""
    if form.validate_on_submit():
        try:
            rect = rectifications.open_rectification(
                inspection, item_id, department=form.department.data,
                description=form.description.data, severity=form.severity.data,
                due_date=form.due_date.data, location=form.location.data or "",
                user=current_user)
        except FieldError as exc:
            _fail(form, exc, "description")
        else:
            db.session.commit()
            flash(_("Rectification opened, due %(date)s.", date=rect.due_date.isoformat()),
                  "success")
            return redirect(url_for(".show", community_id=community_id,
                                    inspection_id=inspection_id) + "#findings")
    return render_template("inspections/rectify.html", form=form, **context)


from . import exports, routes_rectifications  # noqa: E402,F401
