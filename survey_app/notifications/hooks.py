"""Who hears of an event: the community's escalation chain and roles, then ``notify``.

Features call these one-liners right after their state change (feedback/services.py,
inspections/rectifications.py, surveys/services.py, assessments/); owners who opted in
hear through notifications/owners.py.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from sqlalchemy import select

from ..auth.models import Membership, User
from ..extensions import db
from . import owners
from .models import ESCALATION_LEVELS, EscalationStep
from .services import notify

LEVELS = tuple(ESCALATION_LEVELS)


def chain_members(community_id: int, level: str, department: str | None = None) -> list:
    """Accounts at one level of the community's chain (those of ``department`` or of none)."""
    steps = db.session.scalars(select(EscalationStep).filter_by(
        community_id=community_id, level=level))
    users = []
    for step in steps:
        if department is not None and step.department not in ("", department):
            continue
        if step.user_id:
            users.append(db.session.get(User, step.user_id))
        elif step.role:
            users.extend(role_members(community_id, step.role))
    return [u for u in users if u is not None]


def role_members(community_id: int, role: str) -> list:
    """Accounts holding a role in the community itself."""
    return list(db.session.scalars(select(User).join(Membership).where(
        Membership.community_id == community_id, Membership.role == role)))


def escalation_target(community_id: int, level_index: int) -> tuple[str, list]:
    """The first level at or above ``level_index`` that has members (committee last: its
    role members when the chain names nobody); the default chain (escalation.py) when the
    community has none of its own."""
    from . import escalation

    members_at = chain_members if escalation.configured(community_id) \
        else escalation.default_members
    for level in LEVELS[min(level_index, len(LEVELS) - 1):]:
        members = members_at(community_id, level)
        if members:
            return level, members
    return "committee", role_members(community_id, "committee")


def _link(endpoint: str, **values) -> str | None:
    return url_for(endpoint, **values) if has_request_context() else None


def ticket_event(ticket, kind: str) -> None:
    """A handling step of a ticket: the assignee (the chain's workers of its department), and
    the owner when they opted in for progress messages."""
    params = {"code": ticket.tracking_code, "category": ticket.category or "—",
              "department": ticket.department or "—"}
    dedupe_key = f"ticket:{ticket.id}:{kind}:{ticket.reopened_count}"
    owners.ticket_progress(ticket, kind, dedupe_key, _community(ticket.community_id))
    notify(f"ticket.{kind}", community=_community(ticket.community_id),
           recipients=chain_members(ticket.community_id, "worker", ticket.department or ""),
           params=params, emergency=ticket.severity == "emergency",
           link=_link("feedback.show", community_id=ticket.community_id,
                      ticket_id=ticket.id),
           dedupe_key=dedupe_key)


def rectification_event(rect, kind: str, note: str = "", only: list | None = None) -> None:
    """A rectification step: the department's accounts, or the committee to re-inspect
    (``only``: just these accounts, e.g. the one a task was assigned to)."""
    community = _community(rect.community_id)
    if kind == "submitted":
        recipients = chain_members(rect.community_id, "committee") or role_members(
            rect.community_id, "committee")
    else:
        recipients = [*chain_members(rect.community_id, "worker", rect.department),
                      *chain_members(rect.community_id, "department_head", rect.department)]
        if rect.assignee is not None and rect.assignee.active:
            recipients.append(rect.assignee)  # the account put on the task hears every step
    if only is not None:
        recipients = only
    params = {"item": rect.description[:80], "community": community.name,
              "department": rect.department, "due": rect.due_date.isoformat(), "note": note}
    notify(f"rectification.{kind}", community=community, recipients=recipients, params=params,
           link=_link("inspections.rect_show", community_id=rect.community_id,
                      rect_id=rect.id),
           dedupe_key=f"rect:{rect.id}:{kind}:{len(rect.events)}")


def company_members(community_id: int) -> list:
    """The company's accounts for a community: its staff members and its project managers."""
    return _unique([*role_members(community_id, "staff"),
                    *chain_members(community_id, "project_manager")])


def code_distributors(community) -> list:
    """The party that hands out the access codes (Community.code_holder)."""
    from ..permissions import CODE_HOLDER_ROLES

    roles = CODE_HOLDER_ROLES.get(community.code_holder, {"committee"})
    people = role_members(community.id, "committee") if "committee" in roles else []
    return _unique([*people, *(company_members(community.id) if "staff" in roles else [])])


def _unique(users: list) -> list:
    return list({u.id: u for u in users if u is not None}.values())


def survey_event(survey, kind: str, dedupe_key: str, now=None, **params) -> int:
    """A survey's event for the party that distributes its codes; returns how many heard."""
    community = _community(survey.community_id)
    return len(notify(
        f"survey.{kind}", community=community, recipients=code_distributors(community),
        params={"period": survey.period.label, "community": community.name, **params},
        link=_link("surveys.admin", community_id=survey.community_id,
                   period_id=survey.period_id),
        dedupe_key=dedupe_key, now=now))


def assessment_event(project, kind: str, recipients: list, dedupe_key: str, **params) -> int:
    """A third-party assessment's event (assigned, sent back, signed); returns how many."""
    community = _community(project.community_id)
    return len(notify(
        f"assessment.{kind}", community=community, recipients=recipients,
        params={"project": f"{project.organisation.name} · {project.period.label}",
                "community": community.name, **params},
        link=_link("assessments.show", project_id=project.id), dedupe_key=dedupe_key))


def sheets_assigned(project, sheets) -> int:
    """Each newly assigned assessor hears that a sheet waits for them."""
    return sum(assessment_event(project, "assigned", [s.assessor],
                                f"assessment:{project.id}:assigned:{s.assessor_id}:"
                                f"{project.revision}") for s in sheets)


def rescore_requested(project, sheets, note: str) -> int:
    """Each assessor whose items were sent back hears which, once per submitted round."""
    return sum(assessment_event(
        project, "rescore", [s.assessor],
        f"assessment:{project.id}:rescore:{s.id}:{s.submitted_at.isoformat()}",
        count=len(s.rescore_items), note=note or "—") for s in sheets)


def assessment_signed(project, revision) -> int:
    """The committee and the company hear that the assessment is signed and locked."""
    cid = project.community_id
    return assessment_event(project, "signed",
                            [*role_members(cid, "committee"), *company_members(cid)],
                            f"assessment:{project.id}:signed:{revision.number}",
                            revision=revision.number)


def _other_party(community_id: int, proposer_party: str) -> list:
    """The accounts of the party that must confirm what ``proposer_party`` proposed."""
    if proposer_party == "company":
        return role_members(community_id, "committee")
    return company_members(community_id)


def act_proposed(proposal) -> int:
    """The other party hears that a close, publish, reopen or take-down waits for its
    confirmation."""
    community = _community(proposal.community_id)
    return len(notify(
        f"act.{proposal.kind}", community=community,
        recipients=_other_party(community.id, proposal.proposer_party),
        params={"period": proposal.period.label, "community": community.name},
        link=_link("acts.preview", community_id=community.id, proposal_id=proposal.id),
        dedupe_key=f"act:{proposal.id}:proposed"))


def checklist_proposed(proposal, title: str) -> int:
    """The other party hears that a joint checklist waits for its confirmation."""
    community = _community(proposal.community_id)
    return len(notify(
        "act.checklist", community=community,
        recipients=_other_party(community.id, proposal.proposer_party),
        params={"title": title, "community": community.name},
        link=_link("acts.checklist_preview", community_id=community.id,
                   proposal_id=proposal.id),
        dedupe_key=f"act-checklist:{proposal.id}:proposed"))


def results_published(publication) -> int:
    """Owners who subscribed to notices hear that the period's results are published."""
    community = _community(publication.community_id)
    return owners.results_published(publication, community,
                                    _public_link("publishing.notice", community_id=community.id))


def _public_link(endpoint: str, **values) -> str | None:
    """An address an owner can open from a text message: PUBLIC_BASE_URL when configured
    (behind a proxy the request's host may be internal), else the request's own host."""
    from flask import current_app

    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values) if has_request_context() else None
    return url_for(endpoint, _external=True, **values) if has_request_context() else None


def _community(community_id: int):
    from ..communities.models import Community

    return db.session.get(Community, community_id)
