"""Which communities a director or an officer oversees (read by permissions.py only)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from ..extensions import db
from .models import CommunityCompany, CommunityJurisdiction, Jurisdiction, OversightScope


def subtree_ids(jurisdiction_id: int):
    """A SELECT of the jurisdiction's id and every id below it (recursive CTE)."""
    tree = select(Jurisdiction.id).where(Jurisdiction.id == jurisdiction_id) \
        .cte("tree", recursive=True)
    tree = tree.union_all(select(Jurisdiction.id).where(Jurisdiction.parent_id == tree.c.id))
    return select(tree.c.id)


def company_community_ids(company_id: int, on: date | None = None):
    """A SELECT of the communities the company serves on the day (default today)."""
    on = on or date.today()
    return select(CommunityCompany.community_id).where(
        CommunityCompany.company_id == company_id, CommunityCompany.start_date <= on,
        or_(CommunityCompany.end_date.is_(None), CommunityCompany.end_date >= on))


def jurisdiction_community_ids(jurisdiction_id: int):
    """A SELECT of the communities lying in the jurisdiction or below it."""
    return select(CommunityJurisdiction.community_id).where(
        CommunityJurisdiction.jurisdiction_id.in_(subtree_ids(jurisdiction_id)))


def overseen_by(user_id: int) -> set[int]:
    """The communities of the user's scope (none without one)."""
    scope = db.session.get(OversightScope, user_id)
    if scope is None:
        return set()
    query = (company_community_ids(scope.company_id) if scope.company_id is not None
             else jurisdiction_community_ids(scope.jurisdiction_id))
    return set(db.session.scalars(query))
