"""Demo data for oversight: the demo community's company and 街道, a director and an officer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..auth.models import User
from ..auth.services import create_user
from ..extensions import db
from . import services
from .models import Company, Jurisdiction
from .rows import backfill

#: (username, password, role, display name)
DEMO_OVERSEERS = (("director", "director-demo-2026", "director", "质量总监 周总"),
                  ("officer", "officer-demo-2026", "officer", "文新街道 物业科 孙科长"))


def _company(name: str) -> Company:
    found = db.session.scalar(select(Company).filter_by(name=name))
    return found or services.save_company(name)


def _node(name: str, parent: Jurisdiction | None) -> Jurisdiction:
    found = db.session.scalar(select(Jurisdiction).filter_by(
        name=name, parent_id=parent.id if parent else None))
    return found or services.add_jurisdiction(name, parent)


def seed(context) -> str:
    """Place the demo community, give it its company since 2025-10, add the two overseers."""
    community = context.community
    company = _company(community.company or "示范物业服务有限公司")
    street = _node("文新街道", _node("西湖区", None))
    services.assign_company(community.id, company, date(2025, 10, 1))
    services.place_community(community.id, street)
    logins = []
    for username, password, role, name in DEMO_OVERSEERS:
        user = db.session.scalar(select(User).filter_by(username=username))
        if user is None:
            user = create_user(username, password, role, display_name=name)
        services.set_scope(user, company=company if role == "director" else None,
                           jurisdiction=street if role == "officer" else None)
        logins.append(f"{username} / {password}")
    rows = backfill()
    return f"{company.name} in {street.name}; {rows} overview row(s); logins " + \
        ", ".join(logins)
