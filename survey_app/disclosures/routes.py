"""Screens of the company and the committee: prepare, submit, confirm, send back, revise."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community
from ..errors import FieldError, NotFound
from ..extensions import db
from ..permissions import require
from ..uploads import UploadError, send_photo
from . import bp, services
from .content import KINDS
from .forms import (
    FORMS,
    ActionForm,
    AttachmentForm,
    ConfirmForm,
    ReasonForm,
    data_of,
    more_rows,
    pad,
    raw_of,
)

PREPARE = "disclosure.prepare"
CONFIRM = "disclosure.confirm"


def _fields(form):
    """Every field of a form, nested table rows included."""
    for field in form:
        if field.type == "FieldList":
            for entry in field:
                yield from _fields(entry.form)
        else:
            yield field


def _show(form, exc: FieldError) -> None:
    """Put a service's error beside the (possibly nested) field it names."""
    field = next((f for f in _fields(form) if f.name == exc.field), None) or form.title
    field.errors = [*field.errors, str(exc)]


@bp.route("/disclosures/<int:community_id>/")
def index(community_id):
    """The community's disclosures: drafts, submissions awaiting confirmation, published."""
    return render_template("disclosures/index.html", community=get_community(community_id),
                           items=services.working_list(community_id), kinds=KINDS)


def _editor(community, kind, form, disclosure=None, code=200):
    pad(kind, form)
    return render_template("disclosures/edit.html", community=community, kind=kind,
                           form=form, disclosure=disclosure), code


def _save(community, kind, form, disclosure):
    """Create or update from a posted form; returns a response."""
    if "more" in request.form:
        more_rows(kind, form)
        return _editor(community, kind, form, disclosure)
    if not form.validate_on_submit():
        return _editor(community, kind, form, disclosure, 400)
    try:
        if disclosure is None:
            disclosure = services.create_draft(current_user, community, kind, form.title.data,
                                               form.covering.data, raw_of(kind, form))
        else:
            services.update_draft(current_user, disclosure, form.title.data,
                                  form.covering.data, raw_of(kind, form))
    except FieldError as exc:
        db.session.rollback()
        _show(form, exc)
        return _editor(community, kind, form, disclosure, 400)
    db.session.commit()
    flash(_("Saved as a draft. Submit it when it is complete."), "success")
    return redirect(url_for(".show", community_id=community.id, disclosure_id=disclosure.id))


@bp.route("/disclosures/<int:community_id>/new/<kind>", methods=["GET", "POST"])
@require(PREPARE, community_arg="community_id")
def new(community_id, kind):
    """Prepare a new disclosure of one kind."""
    if kind not in KINDS:
        raise NotFound
    community = get_community(community_id)
    form = FORMS[kind]()
    if request.method == "GET":
        return _editor(community, kind, form)
    return _save(community, kind, form, None)


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/edit", methods=["GET", "POST"])
@require(PREPARE, community_arg="community_id")
def edit(community_id, disclosure_id):
    """Change a draft (a submitted or published revision cannot be changed)."""
    disclosure = services.get(community_id, disclosure_id)
    if not disclosure.editable:
        flash(_("Only a draft can be changed. To correct a published disclosure, start a "
                "correction."), "error")
        return redirect(url_for(".show", community_id=community_id,
                                disclosure_id=disclosure_id))
    community = get_community(community_id)
    form_class = FORMS[disclosure.kind]
    if request.method == "GET":
        return _editor(community, disclosure.kind, form_class(data=data_of(disclosure)),
                       disclosure)
    return _save(community, disclosure.kind, form_class(), disclosure)


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>")
def show(community_id, disclosure_id):
    """A revision exactly as owners will read it, with the next step for the user."""
    disclosure = services.get(community_id, disclosure_id)
    return _page(disclosure)


def _page(disclosure, code=200, **forms):
    defaults = {"action_form": ActionForm(), "reason_form": ReasonForm(),
                "attachment_form": AttachmentForm(),
                "confirm_form": ConfirmForm(sha256=disclosure.content_sha256)}
    return render_template("disclosures/show.html", d=disclosure,
                           community=get_community(disclosure.community_id),
                           attachment_url=lambda pid: url_for(
                               ".attachment", community_id=disclosure.community_id,
                               disclosure_id=disclosure.id, photo_id=pid),
                           **{**defaults, **forms}), code


def _done(disclosure, message):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".show", community_id=disclosure.community_id,
                            disclosure_id=disclosure.id))


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/submit", methods=["POST"])
@require(PREPARE, community_arg="community_id")
def submit(community_id, disclosure_id):
    """Send a draft to the committee for confirmation."""
    disclosure = services.get(community_id, disclosure_id)
    if not ActionForm().validate_on_submit():
        return _page(disclosure, 400)
    services.submit(current_user, disclosure)
    return _done(disclosure, _("Submitted: the owners' committee is asked to confirm it."))


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/confirm", methods=["POST"])
@require(CONFIRM, community_arg="community_id")
def confirm(community_id, disclosure_id):
    """The committee confirms the submission it read: it goes on the notice board."""
    disclosure = services.get(community_id, disclosure_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm(current_user, disclosure, form.sha256.data or "")
        except FieldError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return _page(disclosure, 400, confirm_form=ConfirmForm(
                formdata=None, sha256=disclosure.content_sha256))
        return _done(disclosure, _("Confirmed: it is now on the notice board."))
    return _page(disclosure, 400)


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/return", methods=["POST"])
@require(CONFIRM, community_arg="community_id")
def send_back(community_id, disclosure_id):
    """The committee sends a submission back to the company with a reason."""
    disclosure = services.get(community_id, disclosure_id)
    form = ReasonForm()
    if form.validate_on_submit():
        services.send_back(current_user, disclosure, form.reason.data)
        return _done(disclosure, _("Sent back to the property company with your reason."))
    return _page(disclosure, 400, reason_form=form)


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/revise", methods=["POST"])
@require(PREPARE, community_arg="community_id")
def revise(community_id, disclosure_id):
    """Start a correction of a published disclosure, with its reason."""
    disclosure = services.get(community_id, disclosure_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            draft = services.revise(current_user, disclosure, form.reason.data)
        except FieldError as exc:
            db.session.rollback()
            form.reason.errors = [str(exc)]
        else:
            return _done(draft, _("A correction was started as a draft. The published "
                                  "revision stays on the notice board until the committee "
                                  "confirms the correction."))
    return _page(disclosure, 400, reason_form=form)


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/discard", methods=["POST"])
@require(PREPARE, community_arg="community_id")
def discard(community_id, disclosure_id):
    """Delete a draft."""
    disclosure = services.get(community_id, disclosure_id)
    if not ActionForm().validate_on_submit():
        return _page(disclosure, 400)
    services.discard(current_user, disclosure)
    db.session.commit()
    flash(_("The draft was deleted."), "success")
    return redirect(url_for(".index", community_id=community_id))


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/attachments",
          methods=["POST"])
@require(PREPARE, community_arg="community_id")
def attach(community_id, disclosure_id):
    """Attach a scanned page or photo to a draft."""
    disclosure = services.get(community_id, disclosure_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            services.add_attachment(current_user, disclosure, form.file.data)
        except (FieldError, UploadError) as exc:
            db.session.rollback()
            form.file.errors = [str(exc)]
        else:
            return _done(disclosure, _("The attachment was added."))
    return _page(disclosure, 400, attachment_form=form)


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/attachments/<int:photo_id>"
          "/delete", methods=["POST"])
@require(PREPARE, community_arg="community_id")
def detach(community_id, disclosure_id, photo_id):
    """Take an attachment off a draft."""
    disclosure = services.get(community_id, disclosure_id)
    if not ActionForm().validate_on_submit():
        return _page(disclosure, 400)
    services.remove_attachment(current_user, disclosure, photo_id)
    return _done(disclosure, _("The attachment was removed."))


@bp.route("/disclosures/<int:community_id>/<int:disclosure_id>/attachments/<int:photo_id>")
def attachment(community_id, disclosure_id, photo_id):
    """An attachment of any revision, for the company and the committee."""
    disclosure = services.get(community_id, disclosure_id)
    photo = services.attachment(community_id, disclosure, photo_id)
    return send_photo(photo, thumb=request.args.get("thumb") == "1")
