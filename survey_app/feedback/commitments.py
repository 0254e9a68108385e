"""Service commitments 服务承诺: service hours and hotline, the working-hours calendar
(holidays and make-up work days), due times counted in working hours, the texts owners
read, and how often each step kept its commitment (compliance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..errors import FieldError
from ..extensions import db
from ..models_base import utcnow
from . import sla, workcal
from .clock import utc_range, zone
from .models import CALENDAR_KINDS, SLA_STEPS, CalendarEntry, ServiceTerms, Ticket


def get_terms(community_id: int) -> ServiceTerms:
    """The community's service hours and hotline (defaults until staff save them)."""
    terms = db.session.scalar(select(ServiceTerms).filter_by(community_id=community_id))
    return terms or ServiceTerms(community_id=community_id, hotline="", opens=time(8, 30),
                                 closes=time(17, 30), after_hours="")


def save_terms(community_id: int, *, hotline: str, opens: time, closes: time,
               after_hours: str = "") -> ServiceTerms:
    """Store the service hours and hotline; the hours must close after they open."""
    if closes <= opens:
        raise FieldError("closes", _("The service hours must close after they open."))
    terms = get_terms(community_id)
    terms.hotline, terms.opens, terms.closes = hotline.strip(), opens, closes
    terms.after_hours = after_hours.strip()
    db.session.add(terms)
    db.session.flush()
    return terms


# -- the calendar -----------------------------------------------------------------------

def entries(year: int) -> list[CalendarEntry]:
    """The calendar entries of a year, in date order."""
    return list(db.session.scalars(select(CalendarEntry).filter_by(year=year)
                                   .order_by(CalendarEntry.first_day, CalendarEntry.id)))


def add_entry(*, year: int, kind: str, name: str, first_day: date,
              last_day: date | None = None) -> CalendarEntry:
    """Add a holiday or make-up work day range to a year's calendar; a range outside the
    year, reversed, or overlapping another entry is refused, naming the field."""
    last_day = last_day or first_day
    if kind not in CALENDAR_KINDS:
        raise FieldError("kind", _("Choose a public holiday or a make-up work day."))
    if first_day.year != year:
        raise FieldError("first_day", _("The day must lie in %(year)s.", year=year))
    if last_day.year != year:
        raise FieldError("last_day", _("The day must lie in %(year)s.", year=year))
    if last_day < first_day:
        raise FieldError("last_day", _("The last day is before the first day."))
    clash = next((e for e in entries(year)
                  if e.first_day <= last_day and first_day <= e.last_day), None)
    if clash is not None:
        raise FieldError("first_day", _(
            "These days overlap “%(name)s” (%(first)s – %(last)s).", name=clash.name,
            first=clash.first_day.isoformat(), last=clash.last_day.isoformat()))
    entry = CalendarEntry(year=year, kind=kind, name=name.strip(), first_day=first_day,
                          last_day=last_day)
    db.session.add(entry)
    db.session.flush()
    return entry


def delete_entry(year: int, entry_id: int) -> None:
    """Remove one entry of a year's calendar."""
    from ..errors import NotFound

    entry = db.session.get(CalendarEntry, entry_id)
    if entry is None or entry.year != year:
        raise NotFound("no such calendar entry")
    db.session.delete(entry)
    db.session.flush()


def calendar_for(community_id: int) -> workcal.WorkCalendar:
    """The working-hours calendar of a community: its service hours and the official days."""
    terms = get_terms(community_id)
    rows = db.session.execute(select(CalendarEntry.kind, CalendarEntry.first_day,
                                     CalendarEntry.last_day)).all()
    return workcal.WorkCalendar(
        opens=terms.opens, closes=terms.closes,
        holidays=workcal.days_of((r.first_day, r.last_day) for r in rows if r.kind == "holiday"),
        workdays=workcal.days_of((r.first_day, r.last_day) for r in rows if r.kind == "workday"))


def working_due(community_id: int, start_utc: datetime):
    """A function minutes → naive UTC due time, counting working minutes from start_utc."""
    calendar = calendar_for(community_id)
    local = start_utc.replace(tzinfo=UTC).astimezone(zone()).replace(tzinfo=None)

    def due(minutes: int) -> datetime:
        end = workcal.add_working_minutes(local, minutes, calendar)
        return end.replace(tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)

    return due


# -- what owners read ------------------------------------------------------------------

def duration_text(minutes: int | None, working: bool = False) -> str:
    """A limit in words: "30 分钟", "2 小时", "3 天", "工作时间内 30 分钟"."""
    if minutes is None:
        return "—"
    if minutes < 60 or minutes % 60:
        text = ngettext("%(num)d minute", "%(num)d minutes", minutes)
    elif minutes % (24 * 60) == 0 and not working:
        text = ngettext("%(num)d day", "%(num)d days", minutes // (24 * 60))
    else:
        text = ngettext("%(num)d hour", "%(num)d hours", minutes // 60)
    return _("%(limit)s of working time", limit=text) if working else text


@dataclass
class CommitmentRow:
    """One type and severity of the public commitment: each step's limit in words."""

    ticket_type: str
    severity: str
    steps: dict[str, str]
    working_hours: bool


def commitment_rows(community_id: int) -> list[CommitmentRow]:
    """The community's commitment per type and severity, each step in words."""
    out = []
    for (ticket_type, severity), rule in sla.rules_for(community_id).items():
        steps = {step: duration_text(getattr(rule, step), rule.working_hours)
                 for step in sla.STEPS}
        out.append(CommitmentRow(ticket_type, severity, steps, rule.working_hours))
    return out


def owner_promises(community_id: int) -> list[str]:
    """The sentences owners read on the report form: the normal repair and complaint
    commitments, quoting the configured limits."""
    rules = sla.rules_for(community_id)
    out = []
    repair, complaint = rules[("repair", "normal")], rules[("complaint", "normal")]
    if repair.ack is not None:
        out.append(_("Repairs: acknowledged within %(ack)s.", ack=duration_text(
            repair.ack, repair.working_hours)))
    if repair.onsite is not None:
        out.append(_("A worker on site within %(limit)s.", limit=duration_text(
            repair.onsite, repair.working_hours)))
    if complaint.complete is not None:
        out.append(_("Complaints: an answer within %(limit)s.", limit=duration_text(
            complaint.complete, complaint.working_hours)))
    return out


# -- compliance -------------------------------------------------------------------------

@dataclass
class StepCompliance:
    """How often one step kept its commitment: met ÷ (met + missed); steps still within
    their limit count in neither."""

    step: str
    met: int = 0
    missed: int = 0

    @property
    def label(self) -> str:
        return str(SLA_STEPS[self.step])

    @property
    def rate(self) -> float | None:
        judged = self.met + self.missed
        return self.met / judged if judged else None


def step_compliance(tickets: list[Ticket], now: datetime) -> list[StepCompliance]:
    """Per step, the tickets that met and missed their commitment (sla.late_steps rules)."""
    out = {step: StepCompliance(step) for step in sla.STEPS}
    for ticket in tickets:
        late = sla.late_steps(ticket, now)
        for step in sla.STEPS:
            if getattr(ticket, f"{step}_due") is None:
                continue
            if step in late:
                out[step].missed += 1
            elif _done(ticket, step) is not None:
                out[step].met += 1
    return list(out.values())


def _done(ticket: Ticket, step: str):
    return {"ack": ticket.acknowledged_at, "dispatch": ticket.dispatched_at,
            "onsite": ticket.onsite_at or ticket.completed_at,
            "complete": ticket.completed_at}[step]


def compliance(community_id: int, first: date, last: date,
               now: datetime | None = None) -> list[StepCompliance]:
    """Compliance of the tickets received in the local days first … last."""
    start, end = utc_range(first, last)
    tickets = list(db.session.scalars(select(Ticket).where(
        Ticket.community_id == community_id, Ticket.received_at >= start,
        Ticket.received_at < end)))
    return step_compliance(tickets, now or utcnow())


def period_compliance(community, count: int = 4) -> list[tuple[object, list[StepCompliance]]]:
    """(period, compliance) for the community's latest periods that have begun."""
    today = datetime.now(UTC).astimezone(zone()).date()
    begun = [p for p in sorted(community.periods, key=lambda p: p.start_date, reverse=True)
             if p.start_date <= today][:count]
    return [(p, compliance(community.id, p.start_date, p.end_date)) for p in begun]
