"""What saving new weights would do, shown before they are saved (issue 16 item 14).

The preview recomputes nothing from the raw data: it takes the period's current combined
dimension scores C_d (M5) and weighs them with the old and the new scheme (M6), which is
exactly how the composite index follows a change of weights. Closed periods are listed
apart: their result of record is frozen and no weight change alters it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..communities.models import Community
from ..i18n import text_for
from ..stats import Scheme, composite_index
from . import schemes
from .models import SchemeVersion
from .weighting import Plan, group, labels_of

#: statuses whose result follows the active scheme (closed and published ones are frozen)
LIVE_STATUSES = ("open", "draft")


@dataclass(frozen=True)
class WeightRow:
    """One dimension of the group: its weight now and after saving."""

    label: str
    key: str
    old: float
    new: float


@dataclass(frozen=True)
class Effect:
    """A period's composite index (0–100) and grade now and with the new weights."""

    period_label: str
    old: float | None
    new: float | None
    old_grade: str
    new_grade: str

    @property
    def change(self) -> float | None:
        """New minus old, when both exist."""
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True)
class Preview:
    """The group's weights before and after, the effect on the live period, frozen periods."""

    rows: list[WeightRow]
    effect: Effect | None
    frozen: list[str]
    method: str
    token: str


def preview(community: Community, version: SchemeVersion, plan: Plan) -> Preview:
    """The weights of ``plan`` against the active version, and their effect on results."""
    old = schemes.scheme_of(version)
    g = group(old, plan.parent)
    rows = [WeightRow(label, node.key, float(node.weight), float(plan.weights[node.key]))
            for node, label in zip(g.children, labels_of(g), strict=True)]
    live = [p for p in community.periods if p.status in LIVE_STATUSES]
    frozen = [p.label for p in community.periods if p.status not in LIVE_STATUSES]
    effect = _effect(live[-1], version, old, plan.scheme) if live else None
    return Preview(rows, effect, frozen, plan.method, token(plan))


def token(plan: Plan) -> str:
    """The previewed weights as the page sends them back with the confirm button."""
    return ",".join(f"{plan.weights[k]:.6f}" for k in sorted(plan.weights))


def _effect(period, version: SchemeVersion, old: Scheme, new: Scheme) -> Effect | None:
    """The period's composite under both schemes, from its current C_d."""
    from .services import ResultError, period_result

    try:
        result = period_result(period, version, intervals=False)
    except ResultError:
        return None
    leaves = {d: r.combined for d, r in result.dimensions.items()}
    before, after = _index(old, leaves), _index(new, leaves)
    return Effect(period.label, before, after, _grade(old, before), _grade(new, after))


def _index(scheme: Scheme, leaves: dict) -> float | None:
    value = composite_index(scheme.dimensions, leaves)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _grade(scheme: Scheme, score: float | None) -> str:
    band = scheme.grade(score)
    return text_for(band.label) if band is not None else "—"
