"""When findings are made: internal inspections by time of day (pure, no Flask or database).

Night spot checks (夜间突击检查) exist because service slips when nobody is watching; the share
of findings at night against by day shows whether it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

#: the night band: from 20:00 until 06:00 (local time)
NIGHT_FROM = time(20, 0)
NIGHT_UNTIL = time(6, 0)


def is_night(at: time | None) -> bool | None:
    """Whether a start time falls in the night band (None when no time was kept)."""
    if at is None:
        return None
    return at >= NIGHT_FROM or at < NIGHT_UNTIL


@dataclass(frozen=True)
class Band:
    """Inspections and findings of one time band."""

    inspections: int
    findings: int
    items: int

    @property
    def finding_rate(self) -> float | None:
        """Findings per scored item (None without items)."""
        return self.findings / self.items if self.items else None


def by_time_of_day(rows: list[tuple[time | None, int, int]]) -> dict[str, Band]:
    """(start time, findings, scored items) per inspection → day and night bands, and the
    share of all findings made at night."""
    out = {}
    for band, night in (("day", False), ("night", True)):
        picked = [r for r in rows if is_night(r[0]) is night]
        out[band] = Band(len(picked), sum(r[1] for r in picked), sum(r[2] for r in picked))
    return out


def night_share(bands: dict[str, Band]) -> float | None:
    """Share of findings made at night (None when there are no findings)."""
    total = bands["day"].findings + bands["night"].findings
    return bands["night"].findings / total if total else None
