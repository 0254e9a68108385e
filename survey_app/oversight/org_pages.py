"""What the organisation page shows and how its forms reach the services."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import ROLE_LABELS, Membership, User
from ..communities.models import Community
from ..errors import FieldError
from ..extensions import db
from ..permissions import OVERSIGHT_ROLES
from . import services
from .models import (
    JURISDICTION_LEVELS,
    CommunityJurisdiction,
    Company,
    Jurisdiction,
    OversightScope,
)

NONE = 0


def _communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.name)))


def _overseers() -> list[User]:
    """Accounts holding a director or officer role."""
    return list(db.session.scalars(select(User).join(Membership).where(
        Membership.role.in_(OVERSIGHT_ROLES)).distinct().order_by(User.username)))


def _path(node: Jurisdiction | None) -> str:
    names = []
    while node is not None:
        names.append(node.name)
        node = node.parent
    return " / ".join(reversed(names))


def fill_choices(forms: dict) -> None:
    """The select lists of every form, from the current organisation."""
    communities = [(c.id, c.name) for c in _communities()]
    companies = [(c.id, c.name) for c in services.companies()]
    nodes = sorted(services.jurisdictions(), key=_path)
    below = [(n.id, f"{_path(n)} ({JURISDICTION_LEVELS[n.level]})") for n in nodes
             if n.level != "district"]
    forms["jurisdiction"].parent.choices = [(NONE, _("— none: a district 区"))] + [
        (n.id, _path(n)) for n in nodes if n.level != "neighbourhood"]
    forms["assign"].community.choices = forms["place"].community.choices = communities
    forms["assign"].company.choices = companies
    forms["place"].jurisdiction.choices = below
    forms["scope"].user.choices = [(u.id, u.username) for u in _overseers()]
    forms["scope"].company.choices = [(NONE, "—")] + companies
    forms["scope"].jurisdiction.choices = [(NONE, "—")] + [(n.id, _path(n)) for n in nodes]


def _get(model, ident: int, field: str):
    row = db.session.get(model, ident) if ident else None
    if row is None:
        raise FieldError(field, _("Please choose a valid value."))
    return row


def carry_out(action: str, form) -> None:
    """Call the service behind one form (flushes; raises FieldError naming the field)."""
    if action == "company":
        services.save_company(form.name.data, form.credit_code.data or "")
    elif action == "jurisdiction":
        parent = _get(Jurisdiction, form.parent.data, "parent") if form.parent.data else None
        services.add_jurisdiction(form.name.data, parent)
    elif action == "assign":
        services.assign_company(_get(Community, form.community.data, "community").id,
                                _get(Company, form.company.data, "company"),
                                form.start_date.data)
    elif action == "place":
        services.place_community(_get(Community, form.community.data, "community").id,
                                 _get(Jurisdiction, form.jurisdiction.data, "jurisdiction"))
    else:
        _scope(form)


def _scope(form) -> None:
    user = _get(User, form.user.data, "user")
    company = _get(Company, form.company.data, "company") if form.company.data else None
    node = (_get(Jurisdiction, form.jurisdiction.data, "jurisdiction")
            if form.jurisdiction.data else None)
    if company and node:
        raise FieldError("company", _("Choose a company or a jurisdiction, not both."))
    services.set_scope(user, company=company, jurisdiction=node)


def view() -> dict:
    """The tables of the page: each community's company now and before, its place; scopes."""
    today = date.today()
    placed = {row.community_id: row.jurisdiction_id
              for row in db.session.scalars(select(CommunityJurisdiction))}
    rows = []
    for community in _communities():
        history = services.company_history(community.id)
        serving = services.serving_row(community.id, today)
        node = db.session.get(Jurisdiction, placed[community.id]) \
            if community.id in placed else None
        rows.append({"community": community, "serving": serving,
                     "history": [h for h in history if h is not serving], "place": _path(node)})
    scopes = []
    for user in _overseers():
        scope = db.session.get(OversightScope, user.id)
        what = ""
        if scope and scope.company_id:
            what = db.session.get(Company, scope.company_id).name
        elif scope and scope.jurisdiction_id:
            what = _path(db.session.get(Jurisdiction, scope.jurisdiction_id))
        scopes.append({"user": user, "roles": sorted(set(user.roles) & set(OVERSIGHT_ROLES)),
                       "what": what})
    tree = sorted(((n, _path(n)) for n in services.jurisdictions()), key=lambda p: p[1])
    return {"communities": rows, "scopes": scopes, "tree": tree,
            "companies": services.companies(), "levels": JURISDICTION_LEVELS,
            "role_labels": ROLE_LABELS}
