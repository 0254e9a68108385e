"""Staff pages: publish, follow responses per building, close, print, paper entry, import, export."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..communities.models import CODE_HOLDER_LABELS
from ..errors import FieldError, form_error
from ..extensions import db
from ..i18n import current_locale
from ..jobs.files import request_file, to_progress
from ..permissions import require
from . import answering, bp, codes, integrity, paper, printing, services, tasks
from .forms import ImportForm, PaperForm, PublishForm, options
from .models import ACCESS_MODE_LABELS, SURVEY_STATUS_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREFIX = "/surveys/<int:community_id>/<int:period_id>"


def _owner_url(survey) -> str:
    return url_for("surveys.open_start", token=survey.token, _external=True)


def _publish_form() -> PublishForm:
    form = PublishForm()
    form.questionnaire.choices = options((v.id, v.label) for v in services.owner_versions())
    return form


@bp.route(PREFIX)
def admin(community_id, period_id):
    """A period's survey: link, QR code, responses per building, Cochran target."""
    period, survey = services.get_survey(community_id, period_id)
    context = {"period": period, "survey": survey, "community": period.community,
               "MODES": ACCESS_MODE_LABELS, "STATUSES": SURVEY_STATUS_LABELS}
    if survey is None:
        return render_template("surveys/admin.html", form=_publish_form(), **context)
    counts = services.building_counts(survey)
    return render_template("surveys/admin.html", counts=counts, progress=services.progress(counts),
                           codes=services.code_stats(survey), owner_url=_owner_url(survey),
                           definition=services.definition_of(survey),
                           holds_codes=permissions.holds_codes(period.community),
                           code_log=codes.code_log(survey),
                           excluded=integrity.excluded_count(survey.id),
                           CODE_HOLDERS=CODE_HOLDER_LABELS, CODE_ACTIONS=codes.action_labels(),
                           **context)


@bp.route(PREFIX + "/publish", methods=["POST"])
@require("survey.manage", community_arg="community_id")
def publish(community_id, period_id):
    """Publish the period's survey from an owner questionnaire version."""
    period, _survey = services.get_survey(community_id, period_id)
    form = _publish_form()
    if form.validate_on_submit():
        try:
            services.publish_survey(period, form.questionnaire.data, form.access_mode.data,
                                    current_user)
        except FieldError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("The survey is published."), "success")
    else:
        flash(_("Choose a questionnaire and an access mode."), "error")
    return redirect(url_for(".admin", community_id=community_id, period_id=period_id))


@bp.route(PREFIX + "/status", methods=["POST"])
@require("survey.manage", community_arg="community_id")
def change_status(community_id, period_id):
    """Close the survey (or reopen it while the period is open)."""
    survey = services.require_survey(community_id, period_id)
    action = services.close_survey if request.form.get("status") == "closed" \
        else services.reopen_survey
    try:
        action(survey)
    except FieldError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The survey is now %(status)s.", status=SURVEY_STATUS_LABELS[survey.status]),
              "success")
    return redirect(url_for(".admin", community_id=community_id, period_id=period_id))


@bp.route(PREFIX + "/qr.svg", defaults={"kind": "svg"})
@bp.route(PREFIX + "/qr.png", defaults={"kind": "png"})
def qr(community_id, period_id, kind):
    """The survey link as a QR code (SVG or PNG)."""
    survey = services.require_survey(community_id, period_id)
    data, mimetype = printing.qr_bytes(_owner_url(survey), kind)
    return send_file(io.BytesIO(data), mimetype=mimetype,
                     download_name=f"survey-{survey.period.label}.{kind}")


@bp.route(PREFIX + "/poster.pdf")
def poster(community_id, period_id):
    """Ask a worker for a printable A4 poster with the QR code; its progress page follows."""
    survey = services.require_survey(community_id, period_id)
    job = request_file("survey_poster", current_user, community_id,
                       {"period_id": period_id, "owner_url": _owner_url(survey)},
                       current_locale(), subject_id=survey.id)
    db.session.commit()
    return to_progress(job)


@bp.route(PREFIX + "/questionnaire.pdf")
def questionnaire_pdf(community_id, period_id):
    """The A4 paper questionnaire; ?household= prints that household's room on it."""
    survey = services.require_survey(community_id, period_id)
    household_id = request.args.get("household", type=int)
    pdf = printing.questionnaire_pdf(survey, household_id, request.args.get("lang", "zh_CN"))
    suffix = f"-{household_id}" if household_id else ""
    return send_file(io.BytesIO(pdf), mimetype="application/pdf",
                     download_name=f"questionnaire-{survey.period.label}{suffix}.pdf")


@bp.route(PREFIX + "/slips.pdf")
@require("survey.codes", community_arg="community_id")
def slips(community_id, period_id):
    """Ask a worker for A4 sheets of cut-out slips (a code and QR code per household)."""
    survey = services.require_survey(community_id, period_id)
    # only the party holding the codes (Community.code_holder); a clear 403 for the other
    permissions.ensure_code_holder(survey.community)
    # the whole community by default (600 slips take a few seconds); ?building= for one
    building_id = request.args.get("building", type=int) or None
    building = printing.building_name(survey, building_id) if building_id else None
    if building_id and building is None:
        abort(404)
    code_url = url_for(".code_start", code=tasks.CODE_MARK, _external=True)
    job = request_file("survey_slips", current_user, community_id,
                       {"period_id": period_id, "building_id": building_id,
                        "building": building or "", "owner_url": _owner_url(survey),
                        "code_url": code_url}, current_locale(), subject_id=survey.id)
    codes.record(survey, "survey.slips", building=building or "")
    db.session.commit()
    return to_progress(job)


def _paper_form(survey) -> PaperForm:
    form = PaperForm()
    form.building.choices = options(paper.building_choices(survey))
    return form


@bp.route(PREFIX + "/paper", methods=["GET", "POST"])
@require("survey.manage", community_arg="community_id")
def paper_entry(community_id, period_id):
    """Type in one paper questionnaire (channel = paper), keyboard first."""
    survey = services.require_survey(community_id, period_id)
    form, result, status = _paper_form(survey), None, 200
    if request.method == "POST":
        valid = form.validate_on_submit()
        values = {k: request.form.getlist(k) for k in request.form}
        try:
            result = paper.enter_paper(survey, form.building.data, form.unit.data,
                                       form.room.data, values, current_user) if valid \
                else paper.check_paper(survey, values)
        except answering.OwnerStop as stop:
            flash(paper.stop_message(stop), "error")
            status = 400
        except FieldError as exc:
            form_error(form, exc)
            result, status = paper.check_paper(survey, values), 400
        else:
            if result is not None and result.done:
                db.session.commit()
                flash(_("Saved. Enter the next questionnaire."), "success")
                return redirect(url_for(".paper_entry", community_id=community_id,
                                        period_id=period_id))
            status = 400
    definition = services.definition_of(survey)
    return render_template("surveys/paper.html", survey=survey, form=form,
                           definition=definition, items=paper.paper_items(definition),
                           numbered=paper.numbered_paper_items(definition),
                           answers=result.answers if result else {},
                           errors=result.errors if result else {},
                           posted=request.form if request.method == "POST" else {}), status


@bp.route(PREFIX + "/import", methods=["GET", "POST"])
@require("survey.manage", community_arg="community_id")
def import_responses(community_id, period_id):
    """Import paper responses from .xlsx/.csv: all rows or, if any is bad, none."""
    survey = services.require_survey(community_id, period_id)
    form, report = ImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data
        report = paper.import_paper(survey, upload.filename, upload.read(), current_user)
        if report.ok:
            db.session.commit()
            flash(_("Imported %(n)d paper questionnaires.", n=report.created), "success")
            return redirect(url_for(".admin", community_id=community_id, period_id=period_id))
        db.session.rollback()
    status = 400 if report is not None or form.errors else 200
    return render_template("surveys/import.html", survey=survey, form=form,
                           report=report), status


@bp.route(PREFIX + "/import-template.xlsx")
@require("survey.manage", community_arg="community_id")
def import_template(community_id, period_id):
    """The import template generated from the survey's questionnaire."""
    survey = services.require_survey(community_id, period_id)
    return send_file(io.BytesIO(paper.template_xlsx(survey)), mimetype=XLSX, as_attachment=True,
                     download_name=f"paper-template-{survey.period.label}.xlsx")


@bp.route(PREFIX + "/export.csv", defaults={"kind": "csv"})
@bp.route(PREFIX + "/export.xlsx", defaults={"kind": "xlsx"})
def export(community_id, period_id, kind):
    """Ask a worker for the raw responses, one row each, with Chinese labels and a codebook;
    no household identity."""
    survey = services.require_survey(community_id, period_id)
    job = request_file("survey_export", current_user, community_id,
                       {"period_id": period_id, "format": kind}, current_locale(),
                       subject_id=survey.id)
    db.session.commit()
    return to_progress(job)
