"""Presentation helpers of the overview: filters from the query string, the chart, labels."""

from __future__ import annotations

import functools

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import text_for
from ..reports import charts
from .overview import PAGE_SIZE, SORTS, Filters

#: export columns: (row key, header)
EXPORT_COLUMNS = (
    ("name", _l("Community")), ("company", _l("Company")),
    ("jurisdiction", _l("Jurisdiction")), ("label", _l("Period")),
    ("composite", _l("Composite index")), ("grade_text", _l("Grade")),
    ("change", _l("Change against the last period")), ("response_rate", _l("Response rate")),
    ("complaints_per_1000", _l("Complaints per 1,000 households")),
    ("on_time_rate", _l("On-time completion")),
    ("open_rectifications", _l("Open rectifications")),
    ("overdue_rectifications", _l("Overdue rectifications")),
    ("joint_inspections", _l("Joint inspections this quarter")),
    ("third_party", _l("Third-party assessment")),
    ("last_published_at", _l("Last notice (公示)")),
    ("escalations", _l("Complaints escalated to the sub-district")),
)


def _int(value, default=None):
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def filters_from(args) -> Filters:
    """The filters of a request's query string; unknown or bad values are ignored."""
    sort = args.get("sort", "composite")
    return Filters(
        company_id=_int(args.get("company")), jurisdiction_id=_int(args.get("jurisdiction")),
        grade=(args.get("grade") or None), no_joint_inspection=args.get("no_joint") == "1",
        overdue_only=args.get("overdue") == "1", sort=sort if sort in SORTS else "composite",
        descending=args.get("dir", "desc") != "asc",
        page=max(1, min(_int(args.get("page"), 1), 100000)), page_size=PAGE_SIZE)


def decorate(rows: list[dict], published_only: bool, k_of: dict[int, int]) -> list[dict]:
    """Add the grade's words; hide the response rate of a community under its small-cell k
    from the government (aggregate numbers of fewer than k owners are not shown)."""
    for row in rows:
        row["grade_text"] = text_for(row.get("grade_label") or {}) or row.get("grade") or ""
        row["small"] = published_only and (row.get("responses") or 0) < k_of.get(
            row["community_id"], 5)
        if row["small"]:
            row["response_rate"] = None
    return rows


def export_rows(rows: list[dict]) -> list[list]:
    """The rows as export cells in EXPORT_COLUMNS order."""
    def cell(row, key):
        value = row.get(key)
        if key == "third_party":
            return _("yes") if value else _("no")
        if isinstance(value, float):
            return round(value, 3)
        return "" if value is None else value
    return [[cell(row, key) for key, _label in EXPORT_COLUMNS] for row in rows]


def grade_chart(counts: dict[str, int], labels: dict[str, str]) -> str:
    """Bars: how many communities have each grade (server-rendered SVG, drawn once per
    distinct distribution and language: drawing costs more than the page's whole query)."""
    return _grade_chart(tuple(counts.items()), tuple(sorted(labels.items())),
                        str(get_locale()))


@functools.lru_cache(maxsize=256)
def _grade_chart(counts: tuple, labels: tuple, _locale: str) -> str:
    return _draw_grade_chart(dict(counts), dict(labels))


@charts._rc
def _draw_grade_chart(counts: dict[str, int], labels: dict[str, str]) -> str:
    title = _("Communities by grade")
    names = [labels.get(g) or g or _("no grade") for g in counts]
    fig = charts._figure(6.4, 1.0 + 0.32 * max(len(counts), 1))
    left = max((charts.text_inches(n) for n in names), default=0.5) + 0.2
    ax = charts._axes(fig, left, 0.4, 0.35, 0.45)
    ax.barh(range(len(counts)), list(counts.values()), color="#2563eb")
    for i, n in enumerate(counts.values()):
        ax.text(n, i, f" {n}", va="center", fontsize=8)
    ax.set_yticks(range(len(counts)), names)
    ax.invert_yaxis()
    ax.set_xlabel(_("Communities"))
    ax.set_title(title, loc="left")
    return charts._svg(fig, title)
