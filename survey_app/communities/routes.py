"""Screens for communities, households and periods."""

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import require
from ..tabular import xlsx_bytes
from . import bp, services
from .forms import CommunityForm, HouseholdImportForm, PeriodForm
from .models import PERIOD_STATUS_LABELS, PERIOD_TRANSITIONS


@bp.route("/")
def index():
    """The communities the user may see."""
    return render_template("communities/index.html",
                           communities=services.visible_communities())


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
    return render_template("communities/form.html", form=form, community=None)


def _community_fields(form) -> dict:
    return {name: getattr(form, name).data
            for name in ("name", "code", "address", "company", "code_holder")}


@bp.route("/<int:community_id>")
def show(community_id):
    """A community: buildings with household counts, and periods."""
    community = services.get_community(community_id)
    return render_template("communities/show.html", community=community,
                           buildings=services.building_summary(community_id),
                           transitions=PERIOD_TRANSITIONS, period_form=PeriodForm())


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
    return render_template("communities/form.html", form=form, community=community)


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
    if form.validate_on_submit():
        try:
            services.create_period(community, form.label.data, form.start_date.data,
                                   form.end_date.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Period added."), "success")
            return redirect(url_for(".show", community_id=community.id))
    return render_template("communities/show.html", community=community,
                           buildings=services.building_summary(community_id),
                           transitions=PERIOD_TRANSITIONS, period_form=form), 400


@bp.route("/<int:community_id>/periods/<int:period_id>/status", methods=["POST"])
@require("community.manage", community_arg="community_id")
def period_status(community_id, period_id):
    """Open, close or publish a period."""
    period = services.get_period(community_id, period_id)
    status = request.form.get("status", "")
    if "published" in (status, period.status):
        # Publishing goes through the notice board, which freezes the published summary.
        flash(_("Publish or withdraw results from the period's results page."), "error")
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
