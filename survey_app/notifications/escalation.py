"""Graded escalation 分级处理 per community: who hears of an overdue ticket at each level.

A community's chain is its ``EscalationStep`` rows (an account or a role at a level, for one
department or all). A community with no rows uses the default chain: the company's quality
staff (品质部), then the owners' committee, so an overdue ticket is never heard by nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import audit
from ..auth.models import Membership, User
from ..errors import FieldError, NotFound
from ..extensions import db
from .models import ESCALATION_LEVELS, EscalationStep

LEVELS = tuple(ESCALATION_LEVELS)
#: level → role whose holders hear an overdue ticket when the community names nobody
DEFAULT_CHAIN = {"quality": "staff", "committee": "committee"}
#: roles a step may name instead of one account
STEP_ROLES = ("staff", "committee")


def configured(community_id: int) -> bool:
    """Whether the community has its own chain (else the default chain applies)."""
    return db.session.scalar(select(EscalationStep.id).filter_by(
        community_id=community_id).limit(1)) is not None


def role_holders(community_id: int, role: str) -> list:
    """Active accounts holding a role in the community or everywhere (company-wide staff)."""
    return list(db.session.scalars(select(User).join(Membership).where(
        Membership.role == role, User.active.is_(True),
        or_(Membership.community_id == community_id, Membership.community_id.is_(None)))
        .order_by(User.id).distinct()))


def default_members(community_id: int, level: str) -> list:
    """The default chain's accounts at a level (none at the levels it leaves out)."""
    role = DEFAULT_CHAIN.get(level)
    return role_holders(community_id, role) if role else []


@dataclass
class LevelView:
    """One level of the chain page: its label, its steps, or who the default names."""

    level: str
    label: str
    steps: list = field(default_factory=list)
    default_role: str | None = None


def chain_view(community_id: int) -> tuple[bool, list[LevelView]]:
    """(configured?, the levels lowest first with their steps) for the staff page."""
    steps = list(db.session.scalars(select(EscalationStep).filter_by(
        community_id=community_id).order_by(EscalationStep.id)))
    views = [LevelView(level, str(label), [s for s in steps if s.level == level],
                       _fallback_role(level, bool(steps)))
             for level, label in ESCALATION_LEVELS.items()]
    return bool(steps), views


def _fallback_role(level: str, configured_chain: bool) -> str | None:
    """Who hears at a level that names nobody: the default chain's role, and the committee's
    own accounts at the top even in a configured chain (hooks.escalation_target)."""
    if not configured_chain:
        return DEFAULT_CHAIN.get(level)
    return "committee" if level == "committee" else None


def step_names(levels: list[LevelView]) -> dict[int, str]:
    """Display names of the accounts the chain's steps name, by id."""
    ids = {s.user_id for view in levels for s in view.steps if s.user_id}
    if not ids:
        return {}
    return {u.id: u.display_name or u.username
            for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def step_accounts(community_id: int) -> list:
    """Accounts a step may name: the company's staff and the community's committee."""
    return [user for role in STEP_ROLES for user in role_holders(community_id, role)]


def add_step(community, *, level: str, user_id: int | None, role: str | None,
             department: str = "") -> EscalationStep:
    """Add an account or a role at a level of the community's chain."""
    if level not in ESCALATION_LEVELS:
        raise FieldError("level", _("Please choose a valid value."))
    if bool(user_id) == bool(role):
        raise FieldError("user_id", _("Choose either one account or a role, not both."))
    if role and role not in STEP_ROLES:
        raise FieldError("role", _("Please choose a valid value."))
    if user_id and user_id not in {u.id for u in step_accounts(community.id)}:
        raise FieldError("user_id", _("Please choose a valid value."))
    step = EscalationStep(community_id=community.id, level=level, user_id=user_id or None,
                          role=role or None, department=(department or "").strip()[:100])
    db.session.add(step)
    db.session.flush()
    audit.record("escalation.step_add", step, community_id=community.id, level=level,
                 user_id=user_id, role=role, department=step.department)
    return step


def remove_step(community, step_id: int) -> None:
    """Remove one step of the community's chain (another community's: NotFound)."""
    step = db.session.get(EscalationStep, step_id)
    if step is None or step.community_id != community.id:
        raise NotFound("escalation step")
    audit.record("escalation.step_remove", step, community_id=community.id, level=step.level,
                 user_id=step.user_id, role=step.role, department=step.department)
    db.session.delete(step)
    db.session.flush()
