"""Occurrences of a recurring plan and their coverage (pure: dates in, dates out).

A plan's windows follow the calendar: ISO weeks (Monday to Sunday), calendar months or
calendar quarters; the first window is the one holding the plan's start (from that day on),
the last one ends with the plan's end. Each window is due on its last day. An inspection of
the plan's kind dated inside a window covers it; a window past its due date with no finished
inspection is missed (已逾期/漏检).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

RECURRENCES = ("weekly", "monthly", "quarterly")
#: statuses of an occurrence, in the words of the calendar
DONE, OPEN, MISSED, UPCOMING = "done", "open", "missed", "upcoming"


@dataclass(frozen=True)
class Occurrence:
    """One window of a plan: the inspection is due between ``starts`` and ``due``."""

    starts: date
    due: date


@dataclass(frozen=True)
class Done:
    """An inspection as the coverage sees it."""

    id: int
    day: date
    finished: bool
    area: str = ""


@dataclass(frozen=True)
class Slot:
    """An occurrence with the inspections that fall in it and its status."""

    occurrence: Occurrence
    status: str
    inspections: tuple[Done, ...] = field(default=())


def window_of(recurrence: str, day: date) -> tuple[date, date]:
    """The calendar window (first day, last day) of the recurrence that holds ``day``."""
    if recurrence == "weekly":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    if recurrence == "monthly":
        first = day.replace(day=1)
    elif recurrence == "quarterly":
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        raise ValueError(f"unknown recurrence {recurrence!r}")
    months = 1 if recurrence == "monthly" else 3
    year, month = divmod(first.month - 1 + months, 12)
    return first, date(first.year + year, month + 1, 1) - timedelta(days=1)


def occurrences(recurrence: str, starts_on: date, ends_on: date | None,
                until: date) -> list[Occurrence]:
    """The plan's windows from its start up to the one holding ``until`` (or its end)."""
    last = min(until, ends_on) if ends_on else until
    out, day = [], starts_on
    while day <= last:
        first, final = window_of(recurrence, day)
        out.append(Occurrence(max(first, starts_on), min(final, ends_on or final)))
        day = final + timedelta(days=1)
    return out


def status_of(occurrence: Occurrence, found: list[Done], today: date) -> str:
    """done (a finished inspection), missed (past due without one), open, or upcoming."""
    if any(d.finished for d in found):
        return DONE
    if occurrence.due < today:
        return MISSED
    return OPEN if occurrence.starts <= today else UPCOMING


def coverage(slots: list[Occurrence], inspections: list[Done], today: date,
             area: str = "") -> list[Slot]:
    """Each occurrence with the inspections dated in it (of the plan's area, when it has one)."""
    wanted = [d for d in inspections if not area or area in d.area]
    out = []
    for occ in slots:
        found = sorted((d for d in wanted if occ.starts <= d.day <= occ.due),
                       key=lambda d: (d.day, d.id))
        out.append(Slot(occ, status_of(occ, found, today), tuple(found)))
    return out


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def shared_quarters(a: list[Occurrence], b: list[Occurrence]) -> list[tuple[int, int]]:
    """Quarters in which both plans have an occurrence (a second inspection of the kind)."""
    mine = {quarter_of(o.starts) for o in a} | {quarter_of(o.due) for o in a}
    theirs = {quarter_of(o.starts) for o in b} | {quarter_of(o.due) for o in b}
    return sorted(mine & theirs)
