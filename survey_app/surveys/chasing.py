"""Chasing non-responders per building, for the party that holds the codes (issue 17 item 5).

Participation only, never answers: everything here is built from whether a household's keyed
hash has a submitted response, plus the household list; no answer, score or response time is
read. A building's counts (households, answered) are participation, which the code holder may
see; no per-building score is computed here, so a building of three households where two
answered reveals who took part and nothing about what anyone said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..communities.models import Building, Household
from ..errors import FieldError
from ..extensions import db
from .models import Response, Survey
from .services import household_key

PURPOSE = "survey_reminders"


@dataclass
class BuildingChase:
    """One building: how many households, how many answered, the rooms still to remind."""

    building_id: int
    name: str
    households: int = 0
    answered: int = 0
    #: (household id, unit, room) of the households that have not answered, in room order
    missing: list[tuple[int, str, str]] = field(default_factory=list)
    #: of those, how many have an opted-in number for reminders
    reachable: int = 0


def _answered_keys(survey: Survey) -> set[str]:
    return set(db.session.scalars(select(Response.household_key).filter_by(
        survey_id=survey.id, status="submitted")))


def _households(survey: Survey, building_id: int | None):
    query = (select(Household.id, Building.id, Building.name, Household.unit, Household.room)
             .join(Building, Building.id == Household.building_id)
             .where(Household.community_id == survey.community_id)
             .order_by(Building.sort_key, Building.name, func.length(Household.unit),
                       Household.unit, func.length(Household.room), Household.room))
    if building_id:
        query = query.where(Building.id == building_id)
    return db.session.execute(query)


def by_building(survey: Survey, building_id: int | None = None) -> list[BuildingChase]:
    """Per building (or one building): households, how many answered, who has not."""
    answered = _answered_keys(survey)
    buildings: dict[int, BuildingChase] = {}
    for hid, bid, name, unit, room in _households(survey, building_id):
        row = buildings.setdefault(bid, BuildingChase(bid, name))
        row.households += 1
        if household_key(survey.id, hid) in answered:
            row.answered += 1
        else:
            row.missing.append((hid, unit, room))
    reachable = set(_contacts_by_household(survey.community_id))
    for row in buildings.values():
        row.reachable = sum(1 for hid, _u, _r in row.missing if hid in reachable)
    return list(buildings.values())


def missing_households(survey: Survey, building_id: int | None = None) -> list[int]:
    """Ids of the households (of one building, or all) that have not answered."""
    return [hid for row in by_building(survey, building_id) for hid, _u, _r in row.missing]


def _contacts_by_household(community_id: int) -> dict[int, list]:
    """Opted-in, not unsubscribed numbers for survey reminders, by household."""
    from ..contacts.models import OwnerContact  # contacts imports notifications, then surveys

    found: dict[int, list[OwnerContact]] = {}
    for contact in db.session.scalars(select(OwnerContact).where(
            OwnerContact.community_id == community_id, OwnerContact.household_id.is_not(None),
            OwnerContact.unsubscribed_at.is_(None)).order_by(OwnerContact.id)):
        if PURPOSE in contact.purposes.split(","):
            found.setdefault(contact.household_id, []).append(contact)
    return found


def remind(survey: Survey, building_id: int | None, link: str,
           now: datetime | None = None) -> tuple[int, int]:
    """Queue reminders to opted-in owners of households that have not answered (one building
    or all); returns (queued now, reachable households). Safe to press twice."""
    from ..contacts.services import available
    from ..notifications import owners

    if not available():
        raise FieldError("building", _("Text messages are not configured: print reminder "
                                       "slips instead."))
    missing = set(missing_households(survey, building_id))
    contacts = [c for hid, found in _contacts_by_household(survey.community_id).items()
                if hid in missing for c in found]
    if not survey.is_open:
        raise FieldError("building", _("The survey is closed: no reminders are sent."))
    reachable = len({c.household_id for c in contacts})
    return owners.survey_reminder(survey, contacts, link, now), reachable
