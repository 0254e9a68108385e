"""Staff screens: queue, logging, the handling steps, SLA rules, QR; committee statistics."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..communities.services import get_community, get_period, visible_communities
from ..errors import FieldError, form_error
from ..extensions import db
from ..models_base import utcnow
from ..permissions import community_ids, login_only, require
from ..uploads import send_photo
from . import bp, kpis, queries, routes_public, routes_sla, services, spoken_code  # noqa: F401
from .forms import (
    CallbackForm,
    CallbackRequestForm,
    ClassifyForm,
    DispatchForm,
    LookupForm,
    NoteForm,
    ReasonForm,
    StaffTicketForm,
    StepForm,
    options,
)
from .models import (
    CALLBACK_CHANNELS,
    CATEGORIES,
    CHANNELS,
    DIMENSIONS,
    EVENT_KINDS,
    RATINGS,
    SEVERITIES,
    SLA_STEPS,
    STAFF_CHANNELS,
    STATUSES,
    TYPES,
)
from .sla import late_steps, overdue_steps

LABELS = {"STATUSES": STATUSES, "TYPES": TYPES, "DIMENSIONS": DIMENSIONS, "CHANNELS": CHANNELS,
          "SEVERITIES": SEVERITIES, "EVENT_KINDS": EVENT_KINDS, "RATINGS": RATINGS,
          "CALLBACK_CHANNELS": CALLBACK_CHANNELS, "SLA_STEPS": SLA_STEPS}


@bp.route("/")
@login_only
def index():
    """Communities whose tickets the user may handle or see statistics of."""
    return render_template("feedback/index.html",
                           communities=visible_communities("ticket.stats"))


@bp.route("/lookup")
@require("ticket.handle")
def lookup():
    """Find a ticket by the tracking code an owner reads out on the phone, and open it."""
    form = LookupForm(request.args)
    if request.args.get("code") is not None:
        try:
            ticket = queries.ticket_for_staff(form.code.data, community_ids("ticket.handle"))
        except FieldError as exc:
            form_error(form, exc)
        else:
            return redirect(url_for(".show", community_id=ticket.community_id,
                                    ticket_id=ticket.id))
    return render_template("feedback/lookup.html", form=form), 400 if form.errors else 200


@bp.route("/<int:community_id>/tickets")
def queue(community_id):
    """The handling queue (overdue tickets are escalated by a periodic job, not here)."""
    community = get_community(community_id)
    args = {k: request.args.get(k, "") for k in ("status", "ticket_type", "dimension", "flag")}
    if "flag" not in request.args and not args["status"]:
        args["flag"] = "open"  # the queue opens on what still needs handling; "All" shows all
    page = queries.queue(community_id, page=request.args.get("page", 1, type=int), **args)
    return render_template("feedback/queue.html", community=community, page=page, args=args,
                           flags=queries.FLAGS,
                           stats=queries.stats_overview(community_id), **LABELS)


@bp.route("/<int:community_id>/tickets/new", methods=["GET", "POST"])
def create(community_id):
    """Log a ticket taken by phone, at the front desk, in a WeChat group or on inspection."""
    community = get_community(community_id)
    form = StaffTicketForm()
    routes_public.fill_choices(form, community_id)
    form.channel.choices = options((c, CHANNELS[c]) for c in STAFF_CHANNELS)
    if form.validate_on_submit():
        try:
            ticket = services.register_ticket(community_id, channel=form.channel.data,
                                              severity=form.severity.data, user=current_user,
                                              **routes_public.report_fields(form))
        except FieldError as exc:
            db.session.rollback()
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Ticket registered. Tracking code for the owner: %(code)s",
                    code=spoken_code(ticket.tracking_code)), "success")
            return redirect(url_for(".show", community_id=community_id, ticket_id=ticket.id))
    return render_template("feedback/new.html", community=community, form=form), \
        400 if form.errors else 200


def _forms(ticket, **bound):
    classify = ClassifyForm(formdata=None, obj=ticket)
    extra = [ticket.category] if ticket.category and ticket.category not in CATEGORIES else []
    classify.category.choices = options([("", "—")] + [(c, c) for c in [*CATEGORIES, *extra]])
    forms = {"classify": classify, "dispatch": DispatchForm(formdata=None, obj=ticket),
             "note": NoteForm(formdata=None), "onsite": StepForm(formdata=None),
             "complete": StepForm(formdata=None), "callback": CallbackForm(formdata=None),
             "request_callback": CallbackRequestForm(formdata=None),
             "reopen": ReasonForm(formdata=None), "close": ReasonForm(formdata=None)}
    if "classify" in bound:
        bound["classify"].category.choices = classify.category.choices
    forms.update(bound)
    return forms


def _detail(ticket, status=200, **bound):
    now = utcnow()
    return render_template(
        "feedback/ticket.html", community=get_community(ticket.community_id), ticket=ticket,
        forms=_forms(ticket, **bound), photos=services.ticket_photos(ticket),
        full_contact=permissions.sees_owner_contact(ticket),
        overdue=overdue_steps(ticket, now), late=late_steps(ticket, now),
        repeat_of=db.session.get(services.Ticket, ticket.repeat_of_id)
        if ticket.repeat_of_id else None, **LABELS), status


@bp.route("/<int:community_id>/tickets/<int:ticket_id>")
def show(community_id, ticket_id):
    """One ticket: details, contact, history, photos and the next steps."""
    return _detail(services.get_ticket(community_id, ticket_id))


STEPS = {
    "classify": (ClassifyForm, lambda t, f, u: services.classify(
        t, ticket_type=f.ticket_type.data, dimension=f.dimension.data,
        category=f.category.data, severity=f.severity.data, note=f.note.data or "", user=u)),
    "dispatch": (DispatchForm, lambda t, f, u: services.dispatch(
        t, department=f.department.data, worker=f.worker.data or "", note=f.note.data or "",
        user=u)),
    "onsite": (StepForm, lambda t, f, u: services.mark_onsite(t, note=f.note.data or "",
                                                              user=u)),
    "note": (NoteForm, lambda t, f, u: services.add_note(
        t, note=f.note.data or "", public=f.public.data, photo=f.photo.data, user=u)),
    "complete": (StepForm, lambda t, f, u: services.complete(
        t, note=f.note.data or "", photo=f.photo.data, user=u)),
    "callback": (CallbackForm, lambda t, f, u: services.record_callback(
        t, rating=f.rating.data, channel=f.channel.data, note=f.note.data or "",
        reopen=f.reopen.data, user=u)),
    "request_callback": (CallbackRequestForm, lambda t, f, u: services.request_callback(
        t, note=f.note.data or "", user=u)),
    "reopen": (ReasonForm, lambda t, f, u: services.reopen(t, note=f.note.data, user=u)),
    "close": (ReasonForm, lambda t, f, u: services.close(t, note=f.note.data, user=u)),
}


@bp.route("/<int:community_id>/tickets/<int:ticket_id>/<step>", methods=["POST"])
def step(community_id, ticket_id, step):
    """One handling step (classify, dispatch, on site, note, complete, callback, reopen,
    close); a refused step re-renders the ticket with the message beside the field."""
    ticket = services.get_ticket(community_id, ticket_id)
    if step not in STEPS:
        abort(404)
    form_class, action = STEPS[step]
    form = form_class()
    if step == "classify":
        form.category.choices = _forms(ticket)["classify"].category.choices
    if form.validate_on_submit():
        try:
            action(ticket, form, current_user)
        except FieldError as exc:
            db.session.rollback()
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".show", community_id=community_id, ticket_id=ticket_id))
    ticket = services.get_ticket(community_id, ticket_id)
    return _detail(ticket, 400, **{step: form})


@bp.route("/<int:community_id>/tickets/<int:ticket_id>/photos/<int:photo_id>")
def photo(community_id, ticket_id, photo_id):
    """A ticket photo for the handling staff."""
    ticket = services.get_ticket(community_id, ticket_id)
    return send_photo(services.ticket_photo(ticket, photo_id),
                      thumb=bool(request.args.get("thumb")))


@bp.route("/<int:community_id>/stats")
@require("ticket.stats", community_arg="community_id")
def stats(community_id):
    """Complaint and repair statistics for the committee: counts only, no identities."""
    community = get_community(community_id)
    return render_template("feedback/stats.html", community=community,
                           stats=queries.stats_overview(community_id),
                           months=services.monthly_public_summary(community_id), **LABELS)


@bp.route("/<int:community_id>/periods/<int:period_id>/kpi")
@require("ticket.stats", community_arg="community_id")
def kpi(community_id, period_id):
    """METHOD M10 KPIs of a period: overall, per dimension, per department."""
    period = get_period(community_id, period_id)
    result = kpis.period_kpis(period_id)
    return render_template("feedback/kpi.html", community=period.community, period=period,
                           result=result, rows=kpis.KPI_ROWS,
                           sections=kpis.kpi_sections(result), **LABELS)
