"""Screens for communities, households and periods."""

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import require
from ..routes_base import submit
from ..tabular import xlsx_bytes
from . import bp, services
from .forms import CommunityForm, HouseholdImportForm, PeriodForm
from .models import PERIOD_STATUS_LABELS, PERIOD_TRANSITIONS

#: the status moves this page makes itself; the others are two-party acts (survey_app/acts)
ONE_PARTY_MOVES = {("draft", "open")}


@bp.route("/")
def index():
    """The communities the user may see."""
    return render_template("communities/index.html",
                           communities=services.visible_communities())


def _community_page(community) -> str:
    return url_for(".show", community_id=community.id)


@bp.route("/new", methods=["GET", "POST"])
@require("community.manage")
def create():
    """Create a community."""
    form = CommunityForm()
    if form.validate_on_submit():
        try:
            community = services.save_community(None, **_community_fields(form))
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Community created."), "success")
            return redirect(url_for(".show", community_id=community.id))
    return render_template("communities/form.html", form=form, community=None), \
        400 if form.errors else 200


def _community_fields(form) -> dict:
    return {name: getattr(form, name).data
            for name in ("name", "code", "address", "company", "min_cell_size", "code_holder")}


@bp.route("/<int:community_id>")
def show(community_id):
    """A community: buildings with household counts, and periods."""
    return _show_page(services.get_community(community_id), PeriodForm())


def _show_page(community, period_form) -> str:
    return render_template("communities/show.html", community=community,
                           buildings=services.building_summary(community.id),
                           transitions=PERIOD_TRANSITIONS, period_form=period_form)


@bp.route("/<int:community_id>/edit", methods=["GET", "POST"])
@require("community.manage", community_arg="community_id")
def edit(community_id):
    """Edit a community's details."""
    community = services.get_community(community_id)
    form = CommunityForm(obj=community)
    if form.validate_on_submit():
        try:
            services.save_community(community, **_community_fields(form))
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".show", community_id=community.id))
    return render_template("communities/form.html", form=form, community=community), \
        400 if form.errors else 200


@bp.route("/<int:community_id>/households")
def households(community_id):
    """A paged list of households."""
    community = services.get_community(community_id)
    page = services.households(community_id, request.args.get("building", type=int),
                               request.args.get("page", 1, type=int))
    return render_template("communities/households.html", community=community, page=page)


@bp.route("/<int:community_id>/households/import", methods=["GET", "POST"])
@require("community.manage", community_arg="community_id")
def import_households(community_id):
    """Upload households from .xlsx/.csv; a bad file imports nothing and lists its errors."""
    community = services.get_community(community_id)
    form = HouseholdImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        report = services.import_households(community, upload.filename, upload.read())
        if report.ok:
            db.session.commit()
            flash(_("Imported: %(c)d new and %(u)d updated households.",
                    c=report.created, u=report.updated), "success")
            return redirect(url_for(".show", community_id=community.id))
        db.session.rollback()
    status = 400 if report is not None or form.errors else 200
    return render_template("communities/import.html", community=community, form=form,
                           report=report), status


@bp.route("/<int:community_id>/households/template.xlsx")
@require("community.manage", community_arg="community_id")
def household_template(community_id):
    """An empty household import template."""
    import io

    data = xlsx_bytes([("households", services.HOUSEHOLD_TEMPLATE_HEADERS,
                        [["1号楼", "1", "101", "1234", "89.5"]])])
    return send_file(io.BytesIO(data), download_name="households-template.xlsx",
                     as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/<int:community_id>/periods", methods=["POST"])
@require("community.manage", community_arg="community_id")
def create_period(community_id):
    """Add a draft period."""
    community = services.get_community(community_id)
    form = PeriodForm()
    return submit(form, lambda: services.create_period(
        community, form.label.data, form.start_date.data, form.end_date.data),
        _("Period added."), _community_page(community)) or (_show_page(community, form), 400)


@bp.route("/<int:community_id>/periods/<int:period_id>/status", methods=["POST"])
@require("community.manage", community_arg="community_id")
def period_status(community_id, period_id):
    """Open a draft period for data collection (the one move that needs one party)."""
    period = services.get_period(community_id, period_id)
    status = request.form.get("status", "")
    if (period.status, status) not in ONE_PARTY_MOVES:
        # closing, publishing and reopening are two-party acts with a preview
        flash(_("Closing, publishing and reopening a period need both parties: propose it "
                "on the period's page “Close, publish, reopen”."), "error")
        return redirect(url_for(".show", community_id=community_id)), 303
    try:
        services.change_period_status(period, status)
    except FieldError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".show", community_id=community_id)), 303
    db.session.commit()
    flash(_("Period %(label)s is now %(status)s.", label=period.label,
            status=PERIOD_STATUS_LABELS[period.status]), "success")
    return redirect(url_for(".show", community_id=community_id))
