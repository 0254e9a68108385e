"""Owner pages (no account): report a problem, follow it by tracking code, rate it; notice."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..communities.models import Building, Community
from ..contacts import embed as optin_embed
from ..contacts.services import link_ticket, mask, opt_in
from ..errors import FieldError
from ..extensions import db, limiter
from ..permissions import public
from ..privacy import consent
from ..uploads import send_photo
from . import bp, commitments, queries, services
from .forms import OwnerRatingForm, OwnerReportForm, TrackForm, options
from .models import CATEGORIES, CHANNELS, DIMENSIONS, EVENT_KINDS, RATINGS, STATUSES, TYPES

#: event kinds whose note the owner sees (classification and dispatch notes are internal)
OWNER_NOTE_KINDS = ("registered", "note", "completed", "callback", "reopened", "closed")


def _submit_limit() -> str:
    return current_app.config.get("FEEDBACK_RATE_LIMIT", "5 per minute;30 per day")


def _rate_limit() -> str:
    return current_app.config.get("FEEDBACK_RATING_RATE_LIMIT", "10 per minute;60 per day")


def _community(code: str) -> Community:
    community = db.session.scalar(select(Community).filter_by(code=code))
    if community is None:
        from flask import abort

        abort(404)
    return community


def fill_choices(form, community_id: int) -> None:
    """Building and topic choices of a community."""
    buildings = db.session.scalars(select(Building).filter_by(community_id=community_id)
                                   .order_by(Building.sort_key, Building.name))
    form.building_id.choices = options([(0, _("— not sure / public area —"))] + [
        (b.id, b.name) for b in buildings])
    form.category.choices = options([("", _("— not sure —"))] + [(c, c) for c in CATEGORIES])


def report_fields(form) -> dict:
    """The ticket fields of an owner or staff report form."""
    return {"ticket_type": form.ticket_type.data, "category": form.category.data or "",
            "building_id": form.building_id.data or None, "location": form.location.data or "",
            "room": form.room.data or "", "description": form.description.data or "",
            "contact_name": form.contact_name.data or "",
            "contact_phone": form.contact_phone.data or "", "photo": form.photo.data}


@bp.route("/<code>/new", methods=["GET", "POST"])
@public
@limiter.limit(_submit_limit, methods=["POST"])
def report(code):
    """The phone-friendly report form reached by the lobby QR code."""
    community = _community(code)
    form, optin = OwnerReportForm(), optin_embed.section()
    wx = optin_embed.wechat_section()
    fill_choices(form, community.id)
    if optin_embed.code_requested(optin):
        optin_embed.request_code(optin)  # the rest of the form is kept for the real send
    elif form.validate_on_submit() and (optin is None or optin.validate()):
        try:
            ticket = _register_with_opt_in(community, form, optin)
            to_wechat = optin_embed.wechat_start(wx, community.id, ticket.id)
        except FieldError as exc:
            db.session.rollback()
            optin_embed.after_failure(exc)
            optin_embed.show_error(form, optin, exc, wx)
        else:
            db.session.commit()
            # WeChat confirms the owner and comes back to the tracking page
            return redirect(to_wechat or url_for(".track", tracking_code=ticket.tracking_code,
                                                 new=1))
    errors = form.errors or (optin is not None and optin.errors) or (wx is not None
                                                                      and wx.errors)
    return render_template("feedback/report.html", community=community, form=form,
                           optin=optin, wx=wx, promises=commitments.owner_promises(community.id),
                           terms=commitments.get_terms(community.id)), 400 if errors else 200


def _register_with_opt_in(community, form, optin):
    """Register the owner's ticket (with the consent they gave) and their verified opt-in."""
    contact = None
    if optin_embed.wants_opt_in(optin):
        contact = opt_in(community.id, optin.phone.data, optin.code.data, optin.consent.data,
                         ("ticket_progress",))
    fields = report_fields(form)
    agreed = consent.version_for(fields["contact_name"], fields["contact_phone"],
                                 form.contact_consent.data)
    ticket = services.register_ticket(community.id, channel="owner_web", user=None,
                                      consent_version=agreed, **fields)
    if contact is not None:
        link_ticket(contact, ticket.id)
        flash(_("Progress messages will be sent to %(phone)s.", phone=mask(contact.phone)),
              "success")
    return ticket


@bp.route("/track", methods=["GET", "POST"])
@public
def track_lookup():
    """Enter a tracking code."""
    form = TrackForm()
    if form.validate_on_submit():
        return redirect(url_for(".track", tracking_code=services.normalise_code(form.code.data)))
    return render_template("feedback/track_lookup.html", form=form), 400 if form.errors else 200


def _ticket_or_not_found(tracking_code: str):
    ticket = db.session.scalar(select(services.Ticket).filter_by(
        tracking_code=services.normalise_code(tracking_code)))
    if ticket is None:
        form = TrackForm(formdata=None, code=tracking_code)
        return None, (render_template("feedback/track_lookup.html", form=form,
                                      not_found=tracking_code), 404)
    return ticket, None


def _track_page(ticket, rating_form, status=200):
    return render_template(
        "feedback/track.html", ticket=ticket, community=db.session.get(Community,
                                                                      ticket.community_id),
        events=queries.public_events(ticket), photos=services.ticket_photos(ticket, True),
        rating_form=rating_form, can_rate=services.owner_can_rate(ticket),
        is_new=request.args.get("new"), note_kinds=OWNER_NOTE_KINDS, STATUSES=STATUSES,
        TYPES=TYPES, EVENT_KINDS=EVENT_KINDS, RATINGS=RATINGS, CHANNELS=CHANNELS,
        DIMENSIONS=DIMENSIONS), status


@bp.route("/track/<tracking_code>")
@public
def track(tracking_code):
    """A ticket's status and history for its owner (departments only, no staff names)."""
    ticket, missing = _ticket_or_not_found(tracking_code)
    if missing:
        return missing
    return _track_page(ticket, OwnerRatingForm())


@bp.route("/track/<tracking_code>/rate", methods=["POST"])
@public
@limiter.limit(_rate_limit)
def rate(tracking_code):
    """The owner's satisfaction rating; 'not solved' reopens the ticket."""
    ticket, missing = _ticket_or_not_found(tracking_code)
    if missing:
        return missing
    form = OwnerRatingForm()
    if form.validate_on_submit():
        try:
            services.record_callback(ticket, rating=form.rating.data, channel="owner_link",
                                     note=form.note.data or "", reopen=form.reopen.data)
        except FieldError as exc:
            db.session.rollback()
            form.rating.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Thank you. The ticket will be handled again.") if form.reopen.data
                  else _("Thank you for your rating."), "success")
            return redirect(url_for(".track", tracking_code=ticket.tracking_code))
    return _track_page(ticket, form, 400)


@bp.route("/track/<tracking_code>/photos/<int:photo_id>")
@public
def track_photo(tracking_code, photo_id):
    """A photo of the owner's own ticket (theirs or a public handling step's)."""
    ticket = services.ticket_by_code(tracking_code)
    photo = services.ticket_photo(ticket, photo_id, public_only=True)
    return send_photo(photo, thumb=bool(request.args.get("thumb")))


@bp.route("/<code>/notice")
@public
def notice(code):
    """Public notice: monthly ticket counts and handling rates (公示)."""
    community = _community(code)
    return render_template("feedback/notice.html", community=community,
                           months=services.monthly_public_summary(community.id))


@bp.errorhandler(429)
def too_many(error):
    """A calm page when one client sends too many reports."""
    return render_template("feedback/limited.html"), 429
