"""Organisation services: companies, jurisdictions, who served a community when, scopes."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import audit
from ..errors import FieldError, NotFound
from ..extensions import db
from ..permissions import OVERSIGHT_ROLES, user_roles
from .models import (
    CHILD_LEVEL,
    CommunityCompany,
    CommunityJurisdiction,
    Company,
    Jurisdiction,
    OversightScope,
)


def save_company(name: str, credit_code: str = "") -> Company:
    """Create a company (names are unique)."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise FieldError("name", _("Please give the company's name (at most 200 characters)."))
    if db.session.scalar(select(Company).filter_by(name=name)) is not None:
        raise FieldError("name", _("This value is already used by another company."))
    company = Company(name=name, credit_code=(credit_code or "").strip()[:40])
    db.session.add(company)
    db.session.flush()
    audit.record("company.create", company, community_id=None, name=name)
    return company


def add_jurisdiction(name: str, parent: Jurisdiction | None = None) -> Jurisdiction:
    """Add a district (no parent), a 街道 under a district or a 社区 under a 街道."""
    name = (name or "").strip()
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if not name or len(name) > 120:
        raise FieldError("name", _("Please give the name (at most 120 characters)."))
    if level is None:
        raise FieldError("parent", _("A neighbourhood (社区) has no jurisdictions below it."))
    clash = db.session.scalar(select(Jurisdiction).filter_by(
        parent_id=parent.id if parent else None, name=name))
    if clash is not None:
        raise FieldError("name", _("This name is already used at this level."))
    node = Jurisdiction(name=name, level=level, parent_id=parent.id if parent else None)
    db.session.add(node)
    db.session.flush()
    return node


def assign_company(community_id: int, company: Company, start: date) -> CommunityCompany:
    """From ``start`` on, ``company`` serves the community; the previous service ends the day
    before and stays on record (which company served which period)."""
    later = db.session.scalar(select(CommunityCompany.id).where(
        CommunityCompany.community_id == community_id, CommunityCompany.start_date >= start)
        .limit(1))
    if later is not None:  # history is appended in order: no term may start inside another
        raise FieldError("start_date", _("A later company change is already recorded."))
    current = serving_row(community_id, start)
    if current is not None:
        current.end_date = start - timedelta(days=1)
    row = CommunityCompany(community_id=community_id, company_id=company.id, start_date=start)
    db.session.add(row)
    db.session.flush()
    audit.record("community.company", row, community_id=community_id, company=company.name,
                 start=start.isoformat())
    return row


def serving_row(community_id: int, on: date) -> CommunityCompany | None:
    """The service row covering the day (or the latest one still open)."""
    return db.session.scalar(select(CommunityCompany).where(
        CommunityCompany.community_id == community_id, CommunityCompany.start_date <= on,
        or_(CommunityCompany.end_date.is_(None), CommunityCompany.end_date >= on))
        .order_by(CommunityCompany.start_date.desc()).limit(1))


def company_history(community_id: int) -> list[CommunityCompany]:
    """Every company that served the community, oldest first."""
    return list(db.session.scalars(select(CommunityCompany).filter_by(
        community_id=community_id).order_by(CommunityCompany.start_date)))


def place_community(community_id: int, jurisdiction: Jurisdiction) -> None:
    """Put the community in a 街道 or 社区 (districts are too coarse for a complaint)."""
    if jurisdiction.level == "district":
        raise FieldError("jurisdiction", _("Choose a sub-district (街道) or neighbourhood."))
    row = db.session.get(CommunityJurisdiction, community_id)
    if row is None:
        row = CommunityJurisdiction(community_id=community_id)
        db.session.add(row)
    row.jurisdiction_id = jurisdiction.id
    db.session.flush()


def street_of(community_id: int) -> Jurisdiction | None:
    """The 街道 of a community (the parent when it is placed in a 社区)."""
    row = db.session.get(CommunityJurisdiction, community_id)
    node = db.session.get(Jurisdiction, row.jurisdiction_id) if row else None
    while node is not None and node.level == "neighbourhood":
        node = node.parent
    return node


def set_scope(user, *, company: Company | None = None,
              jurisdiction: Jurisdiction | None = None) -> OversightScope:
    """What a director (a company) or an officer (a jurisdiction) account oversees."""
    roles = user_roles(user)
    if "director" in roles and company is None or "officer" in roles and jurisdiction is None:
        raise FieldError("scope", _("A director oversees a company; an officer a jurisdiction."))
    if not roles & set(OVERSIGHT_ROLES):
        raise FieldError("scope", _("Only directors and officers have an oversight scope."))
    scope = db.session.get(OversightScope, user.id) or OversightScope(user_id=user.id)
    scope.company_id = company.id if company else None
    scope.jurisdiction_id = jurisdiction.id if jurisdiction and not company else None
    db.session.add(scope)
    db.session.flush()
    return scope


def get_jurisdiction(jurisdiction_id: int) -> Jurisdiction:
    """A jurisdiction or NotFound."""
    node = db.session.get(Jurisdiction, jurisdiction_id)
    if node is None:
        raise NotFound
    return node


def companies() -> list[Company]:
    """Every company by name."""
    return list(db.session.scalars(select(Company).order_by(Company.name)))


def jurisdictions() -> list[Jurisdiction]:
    """Every jurisdiction by level and name."""
    return list(db.session.scalars(select(Jurisdiction).order_by(Jurisdiction.level,
                                                                 Jurisdiction.name)))
