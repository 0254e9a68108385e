"""Quiet hours: when an SMS or WeChat message may wake someone, in local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ..feedback.clock import zone
from .models import QUIET_END, QUIET_START


def community_zone(community=None) -> ZoneInfo:
    """The community's time zone: the deployment's (BABEL_DEFAULT_TIMEZONE) until communities
    carry their own; the one place to change when they do."""
    name = getattr(community, "time_zone", None)
    return ZoneInfo(name) if name else zone()


def quiet_until(now: datetime, tz: ZoneInfo, start: int = QUIET_START,
                end: int = QUIET_END) -> datetime | None:
    """The naive-UTC end of the quiet hours ``now`` falls in, or None outside them.

    ``start``/``end`` are minutes after local midnight; start > end spans midnight.
    """
    if start == end:
        return None
    local = now.replace(tzinfo=UTC).astimezone(tz)
    minute = local.hour * 60 + local.minute
    spans_midnight = start > end
    inside = (minute >= start or minute < end) if spans_midnight else start <= minute < end
    if not inside:
        return None
    day = local.date() + timedelta(days=1 if spans_midnight and minute >= start else 0)
    end_local = datetime(day.year, day.month, day.day, end // 60, end % 60, tzinfo=tz)
    return end_local.astimezone(UTC).replace(tzinfo=None)
