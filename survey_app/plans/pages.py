"""Page data for the plans screens: each plan with its coverage calendar."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..inspections.services import local_today
from ..permissions import can
from . import services


def community(community_id: int) -> dict:
    """Every plan of the community with its calendar and counts of done and missed."""
    today = local_today()
    rows = []
    for plan in services.plans_of(community_id):
        slots = services.calendar(plan, today)
        rows.append({"plan": plan, "slots": slots,
                     "counts": Counter(s.status for s in slots)})
    return {"rows": rows, "today": today}


def assignee_choices(community_id: int) -> list[tuple[int, str]]:
    """Accounts that may be assigned: active users who see the community's plans."""
    people = db.session.scalars(select(User).where(User.active.is_(True))
                                .order_by(User.display_name, User.username))
    return [(u.id, f"{u.display_name or u.username} ({u.username})") for u in people
            if can("plan.view", community_id, u)]
