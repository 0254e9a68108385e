"""Local dates of stored UTC times: periods and months are in the community's local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    """The deployment's time zone (Asia/Shanghai by default)."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Shanghai")


def local_date(utc_naive: datetime) -> date:
    """The local calendar date of a naive UTC time."""
    return utc_naive.replace(tzinfo=UTC).astimezone(zone()).date()


def utc_start_of(day: date) -> datetime:
    """Naive UTC time of local midnight at the start of a day."""
    return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)


def utc_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) in naive UTC covering the local days first … last."""
    return utc_start_of(first), utc_start_of(last + timedelta(days=1))


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)
