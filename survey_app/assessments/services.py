"""Organisations, projects and who may see them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import audit
from ..auth.models import Membership, User
from ..auth.services import AccountError, create_user
from ..communities.models import Period
from ..errors import FieldError, Forbidden, NotFound
from ..extensions import db
from ..permissions import can, community_ids
from ..questionnaires.models import QuestionnaireVersion
from .models import (
    AssessmentProject,
    AssessmentSignature,
    AssessorOrganisation,
    AssessorSheet,
    ProjectAssessor,
)

MIN_ASSESSORS = 2



# --------------------------------------------------------------------------- organisations


def organisations() -> list[AssessorOrganisation]:
    """Every assessor organisation, by name."""
    return list(db.session.scalars(select(AssessorOrganisation)
                                   .order_by(AssessorOrganisation.name)))


def create_organisation(*, name: str, contact: str = "", phone: str = "",
                        qualification: str = "") -> AssessorOrganisation:
    """Add an assessor organisation; names are unique."""
    name = (name or "").strip()
    if db.session.scalar(select(AssessorOrganisation).filter_by(name=name)) is not None:
        raise FieldError("name", _("An organisation with this name exists already."))
    org = AssessorOrganisation(name=name, contact=(contact or "").strip(),
                               phone=(phone or "").strip(),
                               qualification=(qualification or "").strip())
    db.session.add(org)
    db.session.flush()
    audit.record("assessment.organisation.create", org, community_id=None, name=name)
    return org


# --------------------------------------------------------------------------- assessors


def create_assessor_account(*, organisation_id: int, community_id: int, username: str,
                            display_name: str, password: str) -> User:
    """An assessor account of an organisation, scoped to one community the user manages."""
    org = db.session.get(AssessorOrganisation, organisation_id or 0)
    if org is None:
        raise FieldError("organisation", _("Choose an organisation."))
    if not can("assessment.manage", community_id):
        raise FieldError("community", _("You do not manage assessments there."))
    username = (username or "").strip()
    if db.session.scalar(select(User).filter_by(username=username)) is not None:
        raise FieldError("username", _("This username is taken."))
    try:
        user = create_user(username, password, "assessor", [community_id],
                           display_name=display_name.strip(), organisation=org.name)
    except AccountError as exc:
        raise FieldError("username", str(exc)) from exc
    audit.record("assessment.assessor.create", user, community_id=community_id,
                 organisation=org.name)
    return user


def organisation_members() -> dict[str, list[User]]:
    """Organisation name → its assessor accounts (by the account's organisation field)."""
    rows = db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.role == "assessor", User.organisation != "")
        .order_by(User.display_name).distinct())
    out: dict[str, list[User]] = {}
    for user in rows:
        out.setdefault(user.organisation, []).append(user)
    return out


def candidate_assessors(community_id: int) -> list[User]:
    """Active accounts holding the assessor role in the community (or everywhere)."""
    query = (select(User).join(Membership, Membership.user_id == User.id)
             .where(Membership.role == "assessor", User.active.is_(True),
                    or_(Membership.community_id == community_id,
                        Membership.community_id.is_(None)))
             .order_by(User.display_name, User.username).distinct())
    return list(db.session.scalars(query))


def third_party_versions() -> list[QuestionnaireVersion]:
    """Published third-party sheets, newest first."""
    return list(db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.kind == "third_party")
        .order_by(QuestionnaireVersion.published_at.desc(), QuestionnaireVersion.id.desc())))


def scored_items(version: QuestionnaireVersion) -> list:
    """The items of a sheet that carry points (points items with a maximum)."""
    return [item for item in version.parsed.items()
            if item.type == "points" and item.max_points]


def item_dimensions(version: QuestionnaireVersion) -> dict[str, str]:
    """Item id → dimension key (own or inherited from its section), in one pass.

    Definition.dimension_of compares items one by one, which is quadratic on a long sheet.
    """
    return {item.id: item.dimension or section.dimension or ""
            for section in version.parsed.sections for item in section.items}


# --------------------------------------------------------------------------- projects


def project_for_period(period_id: int) -> AssessmentProject | None:
    """The assessment project of a period, if any."""
    return db.session.scalar(select(AssessmentProject).filter_by(period_id=period_id))


def _check_project_input(period: Period, organisation_id, version_id, assessor_ids, lead_id):
    if project_for_period(period.id) is not None:
        raise FieldError("organisation", _("This period has an assessment project already."))
    if db.session.get(AssessorOrganisation, organisation_id or 0) is None:
        raise FieldError("organisation", _("Choose an organisation."))
    version = db.session.get(QuestionnaireVersion, version_id or 0)
    if version is None or version.kind != "third_party":
        raise FieldError("questionnaire", _("Choose a published third-party score sheet."))
    if not scored_items(version):
        raise FieldError("questionnaire", _("This score sheet has no points items."))
    allowed = {u.id for u in candidate_assessors(period.community_id)}
    chosen = list(dict.fromkeys(assessor_ids or []))
    if len(chosen) < MIN_ASSESSORS:
        raise FieldError("assessors", _("Assign at least %(n)d assessors, so that their "
                                             "agreement can be measured.", n=MIN_ASSESSORS))
    if any(a not in allowed for a in chosen):
        raise FieldError("assessors", _("Only assessor accounts of this community can be "
                                             "assigned."))
    if lead_id not in chosen:
        raise FieldError("lead", _("The lead assessor must be one of the assigned "
                                        "assessors."))
    return version, chosen


def create_project(period: Period, *, organisation_id: int, version_id: int,
                   assessor_ids: list[int], lead_id: int, user=None) -> AssessmentProject:
    """``user`` opens an assessment of a period: organisation, sheet, assessors, lead."""
    version, chosen = _check_project_input(period, organisation_id, version_id,
                                           assessor_ids, lead_id)
    project = AssessmentProject(
        community_id=period.community_id, period_id=period.id, organisation_id=organisation_id,
        questionnaire_version_id=version.id, lead_id=lead_id, status="scoring",
        created_by_id=getattr(user, "id", None))
    project.assessors = [ProjectAssessor(user_id=u) for u in chosen]
    project.sheets = [AssessorSheet(assessor_id=u, status="draft") for u in chosen]
    db.session.add(project)
    db.session.flush()
    _hooks().sheets_assigned(project, project.sheets)
    audit.record("assessment.project.create", project, period_id=period.id,
                 organisation_id=organisation_id, assessors=chosen, lead=lead_id,
                 questionnaire=version.label)
    return project


def is_assigned(project: AssessmentProject, user) -> bool:
    """Whether the user is one of the project's assessors."""
    uid = getattr(user, "id", None)
    return any(a.user_id == uid for a in project.assessors)


def is_lead(project: AssessmentProject, user) -> bool:
    """Whether the user is the project's lead assessor (and still an assessor there)."""
    return (getattr(user, "id", None) == project.lead_id
            and can("assessment.score", project.community_id, user))


def manages(project: AssessmentProject, user) -> bool:
    """Staff, committee or admin of the project's community."""
    return can("assessment.manage", project.community_id, user)


def visible_projects(user) -> list[AssessmentProject]:
    """Projects the user may see: in communities they manage, or assigned to them."""
    managed = community_ids("assessment.manage", user)
    conditions = [AssessmentProject.id.in_(
        select(ProjectAssessor.project_id).where(ProjectAssessor.user_id == user.id))]
    if managed is None:
        conditions = [AssessmentProject.id.isnot(None)]
    elif managed:
        conditions.append(AssessmentProject.community_id.in_(managed))
    query = (select(AssessmentProject).join(Period, Period.id == AssessmentProject.period_id)
             .where(or_(*conditions)).order_by(Period.start_date.desc(), AssessmentProject.id))
    return list(db.session.scalars(query))


def get_project(project_id: int, user) -> AssessmentProject:
    """A project the user may see; NotFound or Forbidden otherwise."""
    project = db.session.get(AssessmentProject, project_id)
    if project is None:
        raise NotFound
    if not (manages(project, user) or (is_assigned(project, user)
                                       and can("assessment.view", project.community_id, user))):
        raise Forbidden
    return project


def sheet_of(project: AssessmentProject, user) -> AssessorSheet | None:
    """The user's own sheet in the project."""
    uid = getattr(user, "id", None)
    return next((s for s in project.sheets if s.assessor_id == uid), None)


def may_compare(project: AssessmentProject, user) -> bool:
    """May the user see every assessor's live scores? Only assigned assessors who
    have submitted their own sheet at least once (the lead included)."""
    sheet = sheet_of(project, user)
    return (sheet is not None and sheet.first_submitted_at is not None
            and can("assessment.score", project.community_id, user))


def period_conclusions(period_id: int) -> dict | None:
    """The signed conclusions of a period's assessment (latest revision), for the report."""
    project = project_for_period(period_id)
    if project is None or not project.revisions:
        return None
    revision = project.revisions[-1]
    return {"strengths": revision.strengths, "problems": revision.problems,
            "recommendations": revision.recommendations,
            "organisation": project.organisation.name, "revision": revision.number,
            "signed_at": revision.signed_at,
            "signed_by": revision.signed_by.display_name if revision.signed_by else "",
            "signatures": [{"name": s.name, "method": s.method, "signed_at": s.signed_at}
                           for s in signatures(project, revision.number).values()]}


def _refresh_status(project: AssessmentProject) -> None:
    """scoring ↔ review follows whether every sheet has been submitted."""
    if project.status == "signed":
        return
    everyone = all(s.first_submitted_at for s in project.sheets)
    if project.status == "scoring" and everyone and all(
            s.status == "submitted" for s in project.sheets):
        project.status = "review"
    elif project.status == "review" and not everyone:
        project.status = "scoring"


def signatures(project: AssessmentProject, revision: int | None = None
               ) -> dict[int, AssessmentSignature]:
    """Signatures on a revision (default: the one being signed now), by user id."""
    number = revision if revision is not None else project.revision + 1
    rows = db.session.scalars(select(AssessmentSignature).filter_by(
        project_id=project.id, revision=number).order_by(AssessmentSignature.id))
    return {row.user_id: row for row in rows}


def ensure_not_signing(project: AssessmentProject, field: str) -> None:
    """Once the lead has signed, the scores, conclusions and assessors are what is signed."""
    if project.status != "signed" and signatures(project):
        raise FieldError(field, _("Signing has started: the assessment can no longer "
                                  "change until every assessor has signed."))


def change_assignment(project: AssessmentProject, *, action: str, user_id: int) -> None:
    """Add an assessor, remove one who has not submitted, or make another assessor the lead."""
    if project.status == "signed":
        raise FieldError("user", _("A signed-off assessment cannot be reassigned; start "
                                        "a correction first."))
    ensure_not_signing(project, "user")
    sheet = next((s for s in project.sheets if s.assessor_id == user_id), None)
    if action == "add":
        if sheet is not None:
            raise FieldError("user", _("This assessor is assigned already."))
        if user_id not in {u.id for u in candidate_assessors(project.community_id)}:
            raise FieldError("user", _("Only assessor accounts of this community can be "
                                            "assigned."))
        project.assessors.append(ProjectAssessor(user_id=user_id))
        sheet = AssessorSheet(assessor_id=user_id, status="draft")
        project.sheets.append(sheet)
        db.session.flush()
        _hooks().sheets_assigned(project, [sheet])
    elif action == "remove":
        _remove_assessor(project, sheet)
    elif action == "lead":
        if sheet is None:
            raise FieldError("user", _("The lead assessor must be one of the assigned "
                                            "assessors."))
        project.lead_id = user_id
    else:
        raise FieldError("user", _("Unknown action."))
    db.session.flush()
    _refresh_status(project)
    audit.record(f"assessment.assessor.{action}", project, user=user_id)


def _remove_assessor(project: AssessmentProject, sheet: AssessorSheet | None) -> None:
    if sheet is None:
        raise FieldError("user", _("This assessor is not assigned."))
    if sheet.first_submitted_at is not None:
        raise FieldError("user", _("An assessor who has submitted cannot be removed: "
                                        "their scores are part of the assessment."))
    if sheet.assessor_id == project.lead_id:
        raise FieldError("user", _("Choose another lead assessor first."))
    if len(project.sheets) <= MIN_ASSESSORS:
        raise FieldError("user", _("Assign at least %(n)d assessors, so that their "
                                        "agreement can be measured.", n=MIN_ASSESSORS))
    project.sheets.remove(sheet)
    project.assessors[:] = [a for a in project.assessors if a.user_id != sheet.assessor_id]


def _hooks():
    """notifications.hooks, imported late: notifications imports this feature's neighbours."""
    from ..notifications import hooks

    return hooks
def set_member(organisation_id: int, user, is_lead: bool = False):
    """Make an assessor account a member (or the lead) of an organisation (flushes); one
    organisation per account, one lead per organisation (the old lead stays a member)."""
    from .models import AssessorMember

    if db.session.get(AssessorOrganisation, organisation_id) is None:
        raise FieldError("organisation", _("Choose an assessor organisation."))
    if "assessor" not in getattr(user, "roles", set()):
        raise FieldError("user", _("Only an assessor account can work for an assessor "
                                   "organisation."))
    if is_lead:
        for other in db.session.scalars(select(AssessorMember).where(
                AssessorMember.organisation_id == organisation_id, AssessorMember.is_lead)):
            other.is_lead = False
    member = db.session.scalar(select(AssessorMember).where(AssessorMember.user_id == user.id))
    if member is None:
        member = AssessorMember(user_id=user.id, organisation_id=organisation_id)
        db.session.add(member)
    member.organisation_id, member.is_lead = organisation_id, is_lead
    db.session.flush()
    audit.record("assessment.member", member, community_id=None, lead=is_lead)
    return member


def led_organisation(user) -> int | None:
    """The id of the assessor organisation the user leads, if any (its sheets' editor)."""
    from .models import AssessorMember

    return db.session.scalar(select(AssessorMember.organisation_id).where(
        AssessorMember.user_id == getattr(user, "id", None), AssessorMember.is_lead))
