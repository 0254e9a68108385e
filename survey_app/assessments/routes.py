"""Screens of the third-party assessment."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, get_period, visible_communities
from ..errors import FieldError
from ..extensions import db
from ..permissions import can, require
from ..routes_base import submit
from ..uploads import send_photo
from . import bp, exports, photos, review, scoring, services
from .forms import (
    ASSIGNMENT_ACTIONS,
    AssessorAccountForm,
    AssignmentForm,
    ConclusionsForm,
    CountersignForm,
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
            "is_lead": _for_current(services.is_lead), "manages": _for_current(services.manages),
            "sheet_of": _for_current(services.sheet_of),
            "may_compare": _for_current(services.may_compare)}


def _for_current(predicate):
    """A project predicate for templates, asked about the signed-in user."""
    return lambda project: predicate(project, current_user)


@bp.route("/")
def index():
    """Assessment projects the user may see (assessors: only their own)."""
    return render_template("assessments/index.html",
                           projects=services.visible_projects(current_user),
                           led_organisation=services.led_organisation(current_user))


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
    done = submit(form, lambda: services.create_assessor_account(
        organisation_id=form.organisation.data, community_id=form.community.data,
        username=form.username.data, display_name=form.display_name.data,
        password=form.password.data),
        lambda user: _("Assessor account %(name)s created.", name=user.username),
        url_for(".organisations"))
    return done or _organisations_page(account_form=form, status=400)


@bp.route("/organisations", methods=["GET", "POST"])
@require("assessment.manage")
def organisations():
    """Assessor organisations with their accounts, and forms to add either."""
    form = OrganisationForm()
    done = submit(form, lambda: services.create_organisation(
        **{k: getattr(form, k).data for k in ("name", "contact", "phone", "qualification")}),
        _("Organisation added."), url_for(".organisations"))
    return done or _organisations_page(form=form, status=400 if form.errors else 200)


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
    if project is not None and (services.manages(project, current_user)
                                or services.is_assigned(project, current_user)):
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
    done = submit(form, lambda: services.create_project(
        period, organisation_id=form.organisation.data, version_id=form.questionnaire.data,
        assessor_ids=form.assessors.data, lead_id=form.lead.data, user=current_user),
        _("Assessment project created; the assessors can start scoring."),
        lambda project: url_for(".show", project_id=project.id))
    return done or (render_template("assessments/period.html", community=community,
                                    period=period, form=form,
                                    project=services.project_for_period(period.id)), 400)


def _assignment_form(project) -> AssignmentForm:
    form = AssignmentForm()
    form.action.choices = list(ASSIGNMENT_ACTIONS)
    form.user.choices = [(u.id, u.display_name or u.username)
                         for u in services.candidate_assessors(project.community_id)]
    return form


@bp.route("/<int:project_id>")
def show(project_id):
    """A project: organisation, assessors and the state of their sheets."""
    project = services.get_project(project_id, current_user)
    return _show_page(project)


def _show_page(project, form=None, status=200):
    if form is None and services.manages(project, current_user):
        form = _assignment_form(project)
    return render_template("assessments/show.html", project=project, assignment_form=form,
                           revision=review.latest_revision(project)), status


@bp.route("/<int:project_id>/assessors", methods=["POST"])
@require("assessment.manage")
def assignment(project_id):
    """Staff or committee add or remove an assessor, or change the lead."""
    project = services.get_project(project_id, current_user)
    if not services.manages(project, current_user):
        abort(403)
    form = _assignment_form(project)
    done = submit(form, lambda: services.change_assignment(
        project, action=form.action.data, user_id=form.user.data),
        _("Assignment changed."), url_for(".show", project_id=project.id))
    return done or _show_page(project, form, 400)


@bp.route("/<int:project_id>/sheet", methods=["GET", "POST"])
@require("assessment.score")
def sheet(project_id):
    """The assessor's own score sheet: save a draft or submit."""
    project = services.get_project(project_id, current_user)
    own = scoring.own_sheet(project, current_user)
    form, errors, entries = SheetForm(), {}, None
    if form.validate_on_submit():
        entries, files = _entries(project), _files(project)
        try:
            scoring.save_sheet(own, entries, submit=request.form.get("action") == "submit",
                               files=files,
                               remove_photos=request.form.getlist("delphoto", type=int),
                               confirmed=bool(request.form.get("confirm_submit")))
        except scoring.SheetError as exc:
            errors = exc.errors
            _refused(own, files, exc)
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


def _refused(own, files: dict, exc) -> None:
    """Roll back a refused save but keep the chosen photos, and say what was kept."""
    db.session.rollback()
    kept = scoring.keep_photos(own, files, exc.photo_items)
    db.session.commit()
    flash(str(exc), "error")
    if kept:
        flash(_("Your %(n)d new photo(s) were kept; the points and notes are not saved yet.",
                n=kept), "info")


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
    return send_photo(photos.photo_for_viewer(photo_id, current_user),
                      thumb=request.args.get("thumb") == "1")


def _review_page(project, rescore_form=None, sign_form=None, reopen_form=None, status=200,
                 countersign_form=None):
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
        reopen_form=reopen_form or ReopenForm(), ready=review.ready_to_sign(project),
        countersign_form=countersign_form or CountersignForm(formdata=None)), status


def _rescore_form(project) -> RescoreForm:
    form = RescoreForm()
    form.items.choices = [(i.id, i.id) for i in services.scored_items(project.questionnaire_version)]
    form.assessors.choices = [(s.assessor_id, s.assessor.display_name) for s in project.sheets]
    return form


@bp.route("/<int:project_id>/review")
@require("assessment.score")
def review_page(project_id):
    """Spread and agreement across assessors (after one's own sheet is submitted)."""
    project = services.get_project(project_id, current_user)
    if not services.may_compare(project, current_user):
        abort(403)
    return _review_page(project)


@bp.route("/<int:project_id>/rescore", methods=["POST"])
@require("assessment.score")
def rescore(project_id):
    """The lead sends single items back to assessors for rescoring."""
    project = _lead_project(project_id)
    form = _rescore_form(project)
    return submit(form, lambda: review.request_rescore(
        project, item_ids=form.items.data, assessor_ids=form.assessors.data,
        note=form.note.data),
        _("The items were sent back for rescoring."),
        url_for(".review_page", project_id=project.id)) \
        or _review_page(project, rescore_form=form, status=400)


def _lead_project(project_id: int):
    """The project, for its lead assessor only."""
    project = services.get_project(project_id, current_user)
    review.ensure_lead(project, current_user)
    return project


@bp.route("/<int:project_id>/sign", methods=["POST"])
@require("assessment.score")
def sign(project_id):
    """The lead signs first, from their own account, with the conclusions."""
    project = _lead_project(project_id)
    form = SignOffForm()
    return submit(form, lambda: _sign_with_conclusions(project, form), _signed_message,
                  lambda revision: _after_signing_url(project, revision), field="strengths") \
        or _review_page(project, sign_form=form, status=400)


def _sign_with_conclusions(project, form):
    """Save the lead's conclusions, then sign them from the lead's account."""
    review.save_conclusions(project, strengths=form.strengths.data,
                            problems=form.problems.data,
                            recommendations=form.recommendations.data)
    return review.sign(project, current_user, acknowledged=form.acknowledge.data)


@bp.route("/<int:project_id>/countersign", methods=["POST"])
@require("assessment.score")
def countersign(project_id):
    """Another assigned assessor signs from their own account what the lead signed."""
    project = services.get_project(project_id, current_user)
    form = CountersignForm()
    return submit(form, lambda: review.sign(project, current_user,
                                            acknowledged=form.acknowledge.data),
                  _signed_message, lambda revision: _after_signing_url(project, revision),
                  field="confirm") or _countersign_refused(project, form)


def _countersign_refused(project, form):
    """The review page again; a locked project shows no sign form, so say why in a flash."""
    if project.status != "review":
        for message in (m for errors in form.errors.values() for m in errors):
            flash(message, "error")
    return _review_page(project, sign_form=ConclusionsForm(formdata=None),
                        countersign_form=form, status=400)


def _signed_message(revision) -> str:
    """Whether the signature completed the revision."""
    if revision is not None:
        return _("All assessors have signed: signed off as revision %(n)d.", n=revision.number)
    return _("Signed. The assessment locks when every assessor has signed.")


def _after_signing_url(project, revision) -> str:
    """The results once locked, else the sign-off section of the review page."""
    if revision is not None:
        return url_for(".results", project_id=project.id)
    return url_for(".review_page", project_id=project.id, _anchor="sign-off")


@bp.route("/<int:project_id>/reopen", methods=["POST"])
@require("assessment.score")
def reopen(project_id):
    """The lead starts a correction; it ends as a new signed revision."""
    project = _lead_project(project_id)
    form = ReopenForm()
    return submit(form, lambda: review.reopen(project, reason=form.reason.data),
                  _("Correction started. The signed revision stays in force until the new "
                    "one is signed."), url_for(".review_page", project_id=project.id)) \
        or _review_page(project, reopen_form=form, status=400)


def _requested_revision(project):
    number = request.args.get("revision", type=int)
    if number:
        return next((r for r in project.revisions if r.number == number), None)
    return review.latest_revision(project)


@bp.route("/<int:project_id>/results.xlsx")
def results_xlsx(project_id):
    """A signed revision as an Excel workbook."""
    import io

    project = services.get_project(project_id, current_user)
    revision = _requested_revision(project) or abort(404)
    name = f"assessment-{project.period.label}-r{revision.number}.xlsx"
    return send_file(io.BytesIO(exports.revision_workbook(project, revision)),
                     download_name=name, as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/<int:project_id>/conclusions", methods=["POST"])
@require("assessment.score")
def save_conclusions(project_id):
    """The lead keeps a draft of the conclusions before signing off."""
    project = _lead_project(project_id)
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
    project = services.get_project(project_id, current_user)
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
