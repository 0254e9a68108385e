"""Screens of the third-party assessment."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, get_period, visible_communities
from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import can, require
from ..uploads import send_photo
from . import bp, exports, photos, review, scoring, services
from .forms import (
    ASSIGNMENT_ACTIONS,
    AssessorAccountForm,
    AssignmentForm,
    ConclusionsForm,
    OrganisationForm,
    ProjectForm,
    ReopenForm,
    RescoreForm,
    SheetForm,
    SignOffForm,
)
from .models import PROJECT_STATUS_LABELS, SHEET_STATUS_LABELS


@bp.context_processor
def _labels():
    return {"PROJECT_STATUS_LABELS": PROJECT_STATUS_LABELS,
            "SHEET_STATUS_LABELS": SHEET_STATUS_LABELS,
            "is_lead": services.is_lead, "manages": services.manages,
            "sheet_of": services.sheet_of, "may_compare": services.may_compare}


@bp.route("/")
def index():
    """Assessment projects the user may see (assessors: only their own)."""
    return render_template("assessments/index.html", projects=services.visible_projects())


def _account_form() -> AssessorAccountForm:
    form = AssessorAccountForm(prefix="account")
    form.organisation.choices = [(o.id, o.name) for o in services.organisations()]
    form.community.choices = [(c.id, c.name)
                              for c in visible_communities("assessment.manage")]
    return form


def _organisations_page(form=None, account_form=None, status=200):
    return render_template("assessments/organisations.html", form=form or OrganisationForm(),
                           account_form=account_form or _account_form(),
                           organisations=services.organisations(),
                           members=services.organisation_members()), status


@bp.route("/organisations/accounts", methods=["POST"])
@require("assessment.manage")
def create_account():
    """Create an assessor account of an organisation in a community."""
    form = _account_form()
    if form.validate_on_submit():
        try:
            user = services.create_assessor_account(
                organisation_id=form.organisation.data, community_id=form.community.data,
                username=form.username.data, display_name=form.display_name.data,
                password=form.password.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Assessor account %(name)s created.", name=user.username), "success")
            return redirect(url_for(".organisations"))
    return _organisations_page(account_form=form, status=400)


@bp.route("/organisations", methods=["GET", "POST"])
@require("assessment.manage")
def organisations():
    """Assessor organisations with their accounts, and forms to add either."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            services.create_organisation(**{k: getattr(form, k).data for k in
                                            ("name", "contact", "phone", "qualification")})
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Organisation added."), "success")
            return redirect(url_for(".organisations"))
    return _organisations_page(form=form, status=400 if form.errors else 200)


def _project_form(community_id: int) -> ProjectForm:
    form = ProjectForm()
    form.organisation.choices = [(o.id, o.name) for o in services.organisations()]
    form.questionnaire.choices = [(v.id, v.label) for v in services.third_party_versions()]
    people = [(u.id, u.display_name or u.username)
              for u in services.candidate_assessors(community_id)]
    form.assessors.choices, form.lead.choices = people, people
    return form


@bp.route("/communities/<int:community_id>/periods/<int:period_id>")
@require("assessment.view", community_arg="community_id")
def period(community_id, period_id):
    """The assessment of a period; staff and committee set one up here."""
    community, period = get_community(community_id), get_period(community_id, period_id)
    project = services.project_for_period(period.id)
    if project is not None and (services.manages(project) or services.is_assigned(project)):
        return redirect(url_for(".show", project_id=project.id))
    form = _project_form(community_id) if can("assessment.manage", community_id) else None
    return render_template("assessments/period.html", community=community, period=period,
                           project=project, form=form)


@bp.route("/communities/<int:community_id>/periods/<int:period_id>/project",
          methods=["POST"])
@require("assessment.manage", community_arg="community_id")
def create_project(community_id, period_id):
    """Set up the assessment of a period: organisation, sheet, assessors and lead."""
    community, period = get_community(community_id), get_period(community_id, period_id)
    form = _project_form(community_id)
    if form.validate_on_submit():
        try:
            project = services.create_project(
                period, organisation_id=form.organisation.data,
                version_id=form.questionnaire.data, assessor_ids=form.assessors.data,
                lead_id=form.lead.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Assessment project created; the assessors can start scoring."), "success")
            return redirect(url_for(".show", project_id=project.id))
    return render_template("assessments/period.html", community=community, period=period,
                           project=services.project_for_period(period.id), form=form), 400


def _assignment_form(project) -> AssignmentForm:
    form = AssignmentForm()
    form.action.choices = list(ASSIGNMENT_ACTIONS)
    form.user.choices = [(u.id, u.display_name or u.username)
                         for u in services.candidate_assessors(project.community_id)]
    return form


@bp.route("/<int:project_id>")
def show(project_id):
    """A project: organisation, assessors and the state of their sheets."""
    project = services.get_project(project_id)
    return _show_page(project)


def _show_page(project, form=None, status=200):
    form = form or (_assignment_form(project) if services.manages(project) else None)
    return render_template("assessments/show.html", project=project, assignment_form=form,
                           revision=review.latest_revision(project)), status


@bp.route("/<int:project_id>/assessors", methods=["POST"])
@require("assessment.manage")
def assignment(project_id):
    """Staff or committee add or remove an assessor, or change the lead."""
    project = services.get_project(project_id)
    if not services.manages(project):
        abort(403)
    form = _assignment_form(project)
    if form.validate_on_submit():
        try:
            services.change_assignment(project, action=form.action.data, user_id=form.user.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Assignment changed."), "success")
            return redirect(url_for(".show", project_id=project.id))
    return _show_page(project, form, 400)


@bp.route("/<int:project_id>/sheet", methods=["GET", "POST"])
@require("assessment.score")
def sheet(project_id):
    """The assessor's own score sheet: save a draft or submit."""
    project = services.get_project(project_id)
    own = scoring.own_sheet(project)
    form, errors, entries = SheetForm(), {}, None
    if form.validate_on_submit():
        entries = _entries(project)
        try:
            scoring.save_sheet(own, entries, submit=request.form.get("action") == "submit",
                               files=_files(project),
                               remove_photos=request.form.getlist("delphoto", type=int))
        except scoring.SheetError as exc:
            db.session.rollback()
            errors = exc.errors
            flash(str(exc), "error")
        except scoring.SheetLocked as exc:
            flash(str(exc), "error")
            return redirect(url_for(".sheet", project_id=project.id)), 303
        else:
            db.session.commit()
            flash(_("Sheet submitted.") if own.status == "submitted" else _("Draft saved."),
                  "success")
            return redirect(url_for(".sheet", project_id=project.id))
    return render_template(
        "assessments/sheet.html", project=project, sheet=own, form=form, errors=errors,
        entries=entries, editable=scoring.editable_items(own),
        items=services.scored_items(project.questionnaire_version),
        scores={s.item_id: s for s in own.scores},
        photos=photos.photos_by_item([own.id])), 400 if errors else 200


def _entries(project) -> dict:
    """The item fields of the posted sheet form."""
    f = request.form
    return {item.id: scoring.Entry(points=f.get(f"points-{item.id}", ""),
                                   na=bool(f.get(f"na-{item.id}")),
                                   note=f.get(f"note-{item.id}", ""))
            for item in services.scored_items(project.questionnaire_version)}


def _files(project) -> dict:
    """Uploaded photos per item of the posted sheet form."""
    return {item.id: request.files.getlist(f"photo-{item.id}")
            for item in services.scored_items(project.questionnaire_version)}


@bp.route("/photos/<int:photo_id>")
def photo(photo_id):
    """An evidence photo (?thumb=1 for a small one), for those who may see its sheet."""
    return send_photo(photos.photo_for_viewer(photo_id),
                      thumb=request.args.get("thumb") == "1")


def _review_page(project, rescore_form=None, sign_form=None, reopen_form=None, status=200):
    assessors, matrix = review.live_scores(project)
    if sign_form is None:
        sign_form = SignOffForm(data={"strengths": project.strengths,
                                      "problems": project.problems,
                                      "recommendations": project.recommendations})
    return render_template(
        "assessments/review.html", project=project, signatures=services.signatures(project),
        analysis=review.analyse(project, assessors, matrix),
        evidence=review.evidence(project),
        rescore_form=rescore_form or _rescore_form(project), sign_form=sign_form,
        reopen_form=reopen_form or ReopenForm(), ready=review.ready_to_sign(project)), status


def _rescore_form(project) -> RescoreForm:
    form = RescoreForm()
    form.items.choices = [(i.id, i.id) for i in services.scored_items(project.questionnaire_version)]
    form.assessors.choices = [(s.assessor_id, s.assessor.display_name) for s in project.sheets]
    return form


@bp.route("/<int:project_id>/review")
@require("assessment.score")
def review_page(project_id):
    """Spread and agreement across assessors (after one's own sheet is submitted)."""
    project = services.get_project(project_id)
    if not services.may_compare(project):
        abort(403)
    return _review_page(project)


@bp.route("/<int:project_id>/rescore", methods=["POST"])
@require("assessment.score")
def rescore(project_id):
    """The lead sends single items back to assessors for rescoring."""
    project = services.get_project(project_id)
    review.ensure_lead(project)
    form = _rescore_form(project)
    if form.validate_on_submit():
        try:
            review.request_rescore(project, item_ids=form.items.data,
                                   assessor_ids=form.assessors.data, note=form.note.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("The items were sent back for rescoring."), "success")
            return redirect(url_for(".review_page", project_id=project.id))
    return _review_page(project, rescore_form=form, status=400)


@bp.route("/<int:project_id>/sign", methods=["POST"])
@require("assessment.score")
def sign(project_id):
    """The lead signs first, from their own account, with the conclusions."""
    project = services.get_project(project_id)
    review.ensure_lead(project)
    form = SignOffForm()
    if form.validate_on_submit():
        try:
            review.save_conclusions(project, strengths=form.strengths.data,
                                    problems=form.problems.data,
                                    recommendations=form.recommendations.data)
            revision = review.sign(project, current_user)
        except FieldError as exc:
            db.session.rollback()
            form_error(form, exc)
        else:
            db.session.commit()
            return _after_signing(project, revision)
    return _review_page(project, sign_form=form, status=400)


@bp.route("/<int:project_id>/countersign", methods=["POST"])
@require("assessment.score")
def countersign(project_id):
    """Another assigned assessor signs from their own account what the lead signed."""
    project = services.get_project(project_id)
    form = ConclusionsForm(formdata=None)
    try:
        revision = review.sign(project, current_user)
    except FieldError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _review_page(project, sign_form=form, status=400)
    db.session.commit()
    return _after_signing(project, revision)


def _after_signing(project, revision):
    """Say whether the signature completed the revision, and go where it can be seen."""
    if revision is not None:
        flash(_("All assessors have signed: signed off as revision %(n)d.", n=revision.number),
              "success")
        return redirect(url_for(".results", project_id=project.id))
    flash(_("Signed. The assessment locks when every assessor has signed."), "success")
    return redirect(url_for(".review_page", project_id=project.id, _anchor="sign-off"))


@bp.route("/<int:project_id>/reopen", methods=["POST"])
@require("assessment.score")
def reopen(project_id):
    """The lead starts a correction; it ends as a new signed revision."""
    project = services.get_project(project_id)
    review.ensure_lead(project)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            review.reopen(project, reason=form.reason.data)
        except FieldError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("Correction started. The signed revision stays in force until the new "
                    "one is signed."), "success")
            return redirect(url_for(".review_page", project_id=project.id))
    return _review_page(project, reopen_form=form, status=400)


def _requested_revision(project):
    number = request.args.get("revision", type=int)
    if number:
        return next((r for r in project.revisions if r.number == number), None)
    return review.latest_revision(project)


@bp.route("/<int:project_id>/results.xlsx")
def results_xlsx(project_id):
    """A signed revision as an Excel workbook."""
    import io

    project = services.get_project(project_id)
    revision = _requested_revision(project) or abort(404)
    name = f"assessment-{project.period.label}-r{revision.number}.xlsx"
    return send_file(io.BytesIO(exports.revision_workbook(project, revision)),
                     download_name=name, as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/<int:project_id>/conclusions", methods=["POST"])
@require("assessment.score")
def save_conclusions(project_id):
    """The lead keeps a draft of the conclusions before signing off."""
    project = services.get_project(project_id)
    review.ensure_lead(project)
    form = ConclusionsForm()
    if form.validate_on_submit():
        try:
            review.save_conclusions(project, strengths=form.strengths.data,
                                    problems=form.problems.data,
                                    recommendations=form.recommendations.data)
        except FieldError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".review_page", project_id=project.id)), 303
        db.session.commit()
        flash(_("Conclusions saved."), "success")
        return redirect(url_for(".review_page", project_id=project.id, _anchor="sign-off"))
    return _review_page(project, sign_form=form, status=400)


@bp.route("/<int:project_id>/results")
def results(project_id):
    """A signed revision: scores, agreement and conclusions (read only)."""
    project = services.get_project(project_id)
    revisions = project.revisions
    revision = _requested_revision(project)
    analysis = evidence = None
    if revision is not None:
        analysis = review.analyse(project, *review.revision_scores(revision))
        evidence = review.evidence(project, revision)
    signed = services.signatures(project, revision.number) if revision is not None else {}
    return render_template("assessments/results.html", project=project, revision=revision,
                           analysis=analysis, evidence=evidence, revisions=revisions,
                           signatures=signed)
