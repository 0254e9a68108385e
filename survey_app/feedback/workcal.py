"""Working time on the official calendar: which days are work days, and when a limit stated
in working minutes ends. Pure: no Flask, no database; times are naive local times."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

#: a limit never reaches further than this (a calendar without work days must not loop)
HORIZON_DAYS = 400


@dataclass(frozen=True)
class WorkCalendar:
    """Service hours on work days; holidays and make-up work days (调休上班) by date."""

    opens: time = time(8, 30)
    closes: time = time(17, 30)
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def is_workday(self, day: date) -> bool:
        """A make-up work day works, a holiday rests, otherwise Monday to Friday work."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    @property
    def minutes_per_day(self) -> int:
        """Working minutes of one work day."""
        return max(0, (datetime.combine(date.min, self.closes)
                       - datetime.combine(date.min, self.opens)).seconds // 60)


def days_of(ranges: Iterable[tuple[date, date]]) -> frozenset[date]:
    """Every day of inclusive (first, last) ranges."""
    out = set()
    for first, last in ranges:
        out.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(out)


def add_working_minutes(start: datetime, minutes: int, calendar: WorkCalendar) -> datetime:
    """The local time at which `minutes` of working time after `start` have passed.

    Time outside the service hours and on rest days does not count; a limit that starts
    after hours starts counting at the next opening.
    """
    if calendar.minutes_per_day <= 0:
        raise ValueError("the service hours close before they open")
    remaining = timedelta(minutes=minutes)
    moment = start
    for _ in range(HORIZON_DAYS):
        day = moment.date()
        if calendar.is_workday(day):
            opens = datetime.combine(day, calendar.opens)
            closes = datetime.combine(day, calendar.closes)
            moment = max(moment, opens)
            if moment < closes or (moment == closes and not remaining):
                if moment + remaining <= closes:
                    return moment + remaining
                remaining -= closes - moment
        moment = datetime.combine(day + timedelta(days=1), time(0))
    raise ValueError("no work day within the horizon of the calendar")


def working_minutes_between(start: datetime, end: datetime, calendar: WorkCalendar) -> int:
    """Working minutes from `start` to `end` (0 when end is not after start)."""
    total = timedelta()
    day = start.date()
    while day <= end.date():
        if calendar.is_workday(day):
            lo = max(start, datetime.combine(day, calendar.opens))
            hi = min(end, datetime.combine(day, calendar.closes))
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)
