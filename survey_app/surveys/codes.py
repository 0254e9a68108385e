"""Who holds the codes: per-household participation for the code holder, and the record of
every slip print and non-responder list, which the other party sees.

The community's ``code_holder`` (committee, company or both; permissions.holds_codes) says
who may print the slips and see, per household, whether it has answered, so that
non-responders can be reminded. Nobody sees answers per household. Every print and list
goes into the audit log; the survey page lists those entries for both parties.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..audit import AuditLog
from ..communities.models import Building, Household
from ..extensions import db
from .models import Response, Survey
from .services import household_key

#: audit actions of code handling, shown on the survey page
CODE_ACTIONS = ("survey.slips", "survey.participation", "survey.nonresponders",
                "survey.chase", "survey.reminder_slips", "survey.reminders")


@dataclass(frozen=True)
class HouseholdRow:
    """One household and whether it has answered (never what)."""

    building: str
    unit: str
    room: str
    answered: bool


def participation(survey: Survey) -> list[HouseholdRow]:
    """Every household of the community, in building order, with answered yes/no."""
    answered = set(db.session.scalars(select(Response.household_key).filter_by(
        survey_id=survey.id, status="submitted")))
    rows = db.session.execute(
        select(Household.id, Building.name, Household.unit, Household.room)
        .join(Building, Building.id == Household.building_id)
        .where(Household.community_id == survey.community_id)
        .order_by(Building.sort_key, Building.name, func.length(Household.unit),
                  Household.unit, func.length(Household.room), Household.room))
    return [HouseholdRow(building, unit, room, household_key(survey.id, hid) in answered)
            for hid, building, unit, room in rows]


def record(survey: Survey, action: str, **details) -> None:
    """Record a print or list of codes or non-responders (the route commits)."""
    audit.record(action, survey, object_type="Survey", **details)


def action_labels() -> dict[str, str]:
    """What each recorded action was, for the survey page."""
    return {"survey.slips": _("printed code slips"),
            "survey.participation": _("opened the list of who has answered"),
            "survey.nonresponders": _("downloaded the households not yet answered"),
            "survey.chase": _("opened the households not yet answered, by building"),
            "survey.reminder_slips": _("printed reminder slips for households not yet "
                                       "answered"),
            "survey.reminders": _("sent text reminders to households not yet answered")}


def code_log(survey: Survey) -> list[AuditLog]:
    """Every recorded print and list of this survey, newest first."""
    return list(db.session.scalars(
        select(AuditLog).where(AuditLog.object_type == "Survey",
                               AuditLog.object_id == survey.id,
                               AuditLog.action.in_(CODE_ACTIONS))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())))
