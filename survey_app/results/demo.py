"""Demo data for results: the scheme files published, the default scheme in use, results cached."""

from __future__ import annotations

from . import schemes, services


def seed(context) -> str:
    """Publish the scheme files, use the default scheme and compute each period's result."""
    stored = schemes.publish_files()
    default = schemes.latest(schemes.DEFAULT_KEY)
    schemes.set_active(context.community.id, default)
    lines = []
    for period in context.periods:
        try:
            result = services.period_result(period, default)
        except services.ResultError as exc:
            lines.append(f"{period.label}: {exc}")
            continue
        score = result.composite.score
        lines.append(f"{period.label} {'—' if score is None else f'{score:.1f}'}")
    return (f"{len(stored)} scheme(s) published; composite index: " + ", ".join(lines))
