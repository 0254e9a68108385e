"""Recurring inspection plans: create, list, coverage calendar, reminders (nothing is sent)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..auth.models import User
from ..errors import FieldError, NotFound
from ..extensions import db
from ..inspections.models import ALL_KINDS, Inspection
from ..permissions import can, ensure, inspection_recorder
from . import recurrence
from .models import RECURRENCES, Plan, PlanAssignee

#: a reminder goes out this many days before an open occurrence is due
REMIND_DAYS = 3
#: how many past occurrences the calendar shows, and how many to come
PAST_SHOWN, UPCOMING_SHOWN = 12, 2


def create_plan(community_id: int, *, kind: str, title: str, recurrence_key: str,
                starts_on: date, ends_on: date | None = None, area: str = "",
                assignee_ids=(), user=None, second_ok: bool = False) -> Plan:
    """``user`` plans a recurring inspection; each party plans only the kinds it records."""
    if kind not in ALL_KINDS:
        raise FieldError("kind", _("Choose the kind of inspection."))
    ensure(inspection_recorder(kind), community_id)
    if recurrence_key not in RECURRENCES:
        raise FieldError("recurrence", _("Choose how often the inspection is due."))
    if ends_on is not None and ends_on < starts_on:
        raise FieldError("ends_on", _("The end date cannot be before the start date."))
    people = _assignees(community_id, assignee_ids)
    plan = Plan(community_id=community_id, kind=kind, recurrence=recurrence_key,
                title=(title.strip() or str(ALL_KINDS[kind]))[:200], area=area.strip()[:255],
                starts_on=starts_on, ends_on=ends_on, created_by_id=getattr(user, "id", None))
    if not second_ok:
        _warn_second(plan)
    db.session.add(plan)
    db.session.flush()
    for person in people:
        db.session.add(PlanAssignee(plan_id=plan.id, user_id=person.id))
    db.session.flush()
    audit.record("plan.create", plan, kind=kind, recurrence=recurrence_key,
                 starts_on=starts_on.isoformat(), assignees=[p.id for p in people])
    return plan


def _assignees(community_id: int, ids) -> list[User]:
    """The chosen accounts: at least one, each able to see the community's plans."""
    people = [db.session.get(User, int(i)) for i in dict.fromkeys(ids or ())]
    if not people:
        raise FieldError("assignees", _("Choose at least one person to carry out the plan."))
    if any(p is None or not p.active or not can("plan.view", community_id, p) for p in people):
        raise FieldError("assignees", _("Choose people who work in this community."))
    return people


def _warn_second(plan: Plan) -> None:
    """Two plans of one kind (and area) in the same quarter need the user's say-so: the
    same check as a second quarterly joint inspection (inspections.services)."""
    horizon = (plan.ends_on or plan.starts_on) + timedelta(days=366)
    mine = recurrence.occurrences(plan.recurrence, plan.starts_on, plan.ends_on, horizon)
    for other in plans_of(plan.community_id):
        if other.kind != plan.kind or other.area != plan.area:
            continue
        theirs = recurrence.occurrences(other.recurrence, other.starts_on, other.ends_on,
                                        horizon)
        shared = recurrence.shared_quarters(mine, theirs)
        if shared:
            year, quarter = shared[0]
            raise FieldError("second_ok", _(
                "“%(title)s” already plans a %(kind)s in %(year)d-Q%(q)d: this plan would "
                "schedule a second one in the same quarter. Tick the box to add it anyway.",
                title=other.title, kind=ALL_KINDS[plan.kind], year=year, q=quarter))


def plans_of(community_id: int) -> list[Plan]:
    """A community's plans, oldest first."""
    return list(db.session.scalars(select(Plan).filter_by(community_id=community_id)
                                   .order_by(Plan.starts_on, Plan.id)))


def get_plan(community_id: int, plan_id: int) -> Plan:
    """A plan of the community, or NotFound."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.community_id != community_id:
        raise NotFound
    return plan


def calendar(plan: Plan, today: date) -> list[recurrence.Slot]:
    """The plan's recent and coming occurrences with the inspections that covered them."""
    ahead = today + timedelta(days=100 * UPCOMING_SHOWN)
    slots = recurrence.occurrences(plan.recurrence, plan.starts_on, plan.ends_on, ahead)
    past = [o for o in slots if o.starts <= today][-PAST_SHOWN:]
    coming = [o for o in slots if o.starts > today][:UPCOMING_SHOWN]
    shown = past + coming
    if not shown:
        return []
    return recurrence.coverage(shown, _done(plan, shown[0].starts, shown[-1].due), today,
                               plan.area)


def _done(plan: Plan, first: date, last: date) -> list[recurrence.Done]:
    """The community's inspections of the plan's kind dated between two days (one query)."""
    rows = db.session.execute(select(
        Inspection.id, Inspection.inspection_date, Inspection.signed_revision, Inspection.area)
        .where(Inspection.community_id == plan.community_id, Inspection.kind == plan.kind,
               Inspection.inspection_date >= first, Inspection.inspection_date <= last))
    return [recurrence.Done(i, day, signed is not None, area or "")
            for i, day, signed, area in rows]


def local_date(now: datetime) -> date:
    """The app's local date of a moment (a naive moment is taken as local already)."""
    if now.tzinfo is None:
        return now.date()
    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Shanghai"
    return now.astimezone(ZoneInfo(zone)).date()


def due_plan_reminders(now: datetime) -> list[tuple[User, recurrence.Occurrence]]:
    """(assignee, occurrence) for every open occurrence due within REMIND_DAYS, for the
    notifications feature to deliver; nothing is sent or stored here."""
    return [(user, occurrence) for _plan, user, occurrence in plan_reminders(now)]


def plan_reminders(now: datetime) -> list[tuple[Plan, User, recurrence.Occurrence]]:
    """(plan, assignee, occurrence) for every open occurrence due within REMIND_DAYS: what
    notifications.reminders delivers (the plan names the message and its community)."""
    today = local_date(now)
    out = []
    for plan in db.session.scalars(select(Plan).order_by(Plan.id)):
        current = [s for s in calendar(plan, today) if s.status == recurrence.OPEN
                   and (s.occurrence.due - today).days <= REMIND_DAYS]
        for slot in current:
            out.extend((plan, a.user, slot.occurrence) for a in plan.assignees if a.user.active)
    return out
