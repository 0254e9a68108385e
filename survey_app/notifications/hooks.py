"""Who hears of an event: the community's escalation chain and roles, then ``notify``.

Features call these one-liners right after their state change (feedback/services.py,
inspections/rectifications.py); owners who opted in are added by the opt-in work later.
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


def rectification_event(rect, kind: str, note: str = "") -> None:
    """A rectification step: the department's accounts, or the committee to re-inspect."""
    community = _community(rect.community_id)
    if kind == "submitted":
        recipients = chain_members(rect.community_id, "committee") or role_members(
            rect.community_id, "committee")
    else:
        recipients = [*chain_members(rect.community_id, "worker", rect.department),
                      *chain_members(rect.community_id, "department_head", rect.department)]
    params = {"item": rect.description[:80], "community": community.name,
              "department": rect.department, "due": rect.due_date.isoformat(), "note": note}
    notify(f"rectification.{kind}", community=community, recipients=recipients, params=params,
           link=_link("inspections.rect_show", community_id=rect.community_id,
                      rect_id=rect.id),
           dedupe_key=f"rect:{rect.id}:{kind}:{len(rect.events)}")


def _community(community_id: int):
    from ..communities.models import Community

    return db.session.get(Community, community_id)
