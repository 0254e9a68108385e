"""Company view: communities ranked by composite and by dimension, with change since last period."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..communities.models import Community, Period
from ..extensions import db
from ..permissions import community_ids
from . import numbers
from .view import label


@dataclass
class RankRow:
    """One community's latest period against its previous one."""

    community: Community
    period: Period
    composite: float | None
    change: float | None
    grade: dict
    dimensions: dict[str, float | None] = field(default_factory=dict)
    dimension_changes: dict[str, float | None] = field(default_factory=dict)


def _latest_two(community_id: int) -> list[Period]:
    return list(db.session.scalars(select(Period).where(
        Period.community_id == community_id, Period.status.in_(("closed", "published")))
        .order_by(Period.start_date.desc()).limit(2)))


def _diff(a, b):
    return a - b if a is not None and b is not None else None


def ranking(sort: str = "composite") -> tuple[list[RankRow], list[tuple[str, str]]]:
    """Rows sorted best first by the composite or one dimension; and the dimension columns."""
    allowed = community_ids("results.view")
    query = select(Community).order_by(Community.name)
    if allowed is not None:
        query = query.where(Community.id.in_(allowed or [-1]))
    rows, columns = [], {}
    for community in db.session.scalars(query):
        periods = _latest_two(community.id)
        if not periods:
            continue
        now = numbers.period_dict(periods[0])
        before = numbers.period_dict(periods[1], intervals=False) if len(periods) > 1 else {}
        dims_now, dims_before = now.get("dimensions") or {}, before.get("dimensions") or {}
        for key, d in dims_now.items():
            columns.setdefault(key, label(d.get("label")))
        comp = now.get("composite") or {}
        rows.append(RankRow(
            community, periods[0], comp.get("score"),
            _diff(comp.get("score"), (before.get("composite") or {}).get("score")),
            comp.get("grade_label") or {},
            {k: d.get("combined") for k, d in dims_now.items()},
            {k: _diff(d.get("combined"), (dims_before.get(k) or {}).get("combined"))
             for k, d in dims_now.items()}))
    key = (lambda r: r.composite) if sort not in columns else (lambda r: r.dimensions.get(sort))
    rows.sort(key=lambda r: (key(r) is None, -(key(r) or 0), r.community.name))
    return rows, list(columns.items())
