"""Typed, JSON-serialisable result containers returned by the scoring engine."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .items import NPSResult
from .jsonable import from_jsonable, to_jsonable

Interval = tuple[float, float]

#: v2 (issue 16): M10 response timeliness keeps pending tickets in the denominator, on-site
#: timeliness of repairs, KPIs per ticket type; M9 one response rule, IPA importance resolution
METHOD_VERSION = "METHOD M1–M10 v2"


def fnum(x: Any) -> float | None:
    """A finite float or None."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class Flag:
    """A machine-readable warning or note; the web layer translates `code`."""

    code: str
    dimension: str | None = None
    source: str | None = None
    value: float | None = None
    params: dict[str, Any] = field(default_factory=dict)
    level: str = "warning"


@dataclass(frozen=True)
class Proportion:
    """A rate with its counts and Wilson interval (rate None when n = 0)."""

    rate: float | None
    successes: int
    n: int
    ci: Interval | None


@dataclass(frozen=True)
class MeanEstimate:
    """A mean with n, standard deviation and t-interval (None where undefined)."""

    mean: float | None
    n: int
    sd: float | None
    ci: Interval | None


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's α with its Feldt interval; alpha None with a reason when undefined."""

    alpha: float | None
    ci: Interval | None
    n: int
    k: int
    low: bool
    reason: str | None = None


@dataclass(frozen=True)
class AgreementResult:
    """Inter-assessor agreement: ICC(2,1), ICC(2,k) (Shrout & Fleiss) and Kendall's W."""

    icc_2_1: float | None
    icc_2_k: float | None
    kendall_w: float | None
    kendall_chi2: float | None
    kendall_p: float | None
    n_items: int
    n_assessors: int
    low: bool
    reason: str | None = None


@dataclass(frozen=True)
class OwnerDimension:
    """Owner-survey score of one dimension (M2) with t-interval, satisfaction rate and α."""

    score: float | None
    n: int
    sd: float | None
    ci: Interval | None
    satisfaction: Proportion
    n_items: int
    alpha: AlphaResult | None


@dataclass(frozen=True)
class InspectionDimension:
    """Joint-inspection score of one dimension (M3): mean over inspections covering it."""

    score: float | None
    n_inspections: int
    per_inspection: dict[int, float]
    n_items: int
    n_findings: int


@dataclass(frozen=True)
class Finding:
    """A checklist item below its pass line."""

    inspection: int
    dimension: str
    item_id: str | None
    awarded: float
    max_points: float
    pass_line: float


@dataclass(frozen=True)
class InspectionSummary:
    """Per-period inspection facts: inspections, findings and rectification closure rate."""

    n_inspections: int
    findings: tuple[Finding, ...]
    rectifications_opened: int
    rectifications_verified: int
    closure_rate: float | None


@dataclass(frozen=True)
class ThirdPartyDimension:
    """Third-party score of one dimension (M4) with agreement among assessors."""

    score: float | None
    n_items: int
    n_assessors: int
    agreement: AgreementResult | None


@dataclass(frozen=True)
class DimensionResult:
    """A leaf dimension: per-source scores, combined C_d (M5) with bootstrap CI."""

    key: str
    label: dict[str, str]
    weight: float
    effective_weight: float
    sources: dict[str, float | None]
    owner: OwnerDimension | None
    inspection: InspectionDimension | None
    third_party: ThirdPartyDimension | None
    kpi: float | None
    combined: float | None
    combined_ci: Interval | None
    sources_used: tuple[str, ...]
    sources_missing: tuple[str, ...]
    grade: str | None


@dataclass(frozen=True)
class NodeResult:
    """Any node of the dimension tree (leaves included) with its score and CI (M6)."""

    key: str
    label: dict[str, str]
    parent: str | None
    level: int
    weight: float
    global_weight: float
    effective_weight: float
    children: tuple[str, ...]
    score: float | None
    ci: Interval | None
    grade: str | None


@dataclass(frozen=True)
class Composite:
    """Composite index I (M6) with bootstrap CI and grade band."""

    score: float | None
    ci: Interval | None
    grade: str | None
    grade_label: dict[str, str]
    missing_dimensions: tuple[str, ...]
    weights: dict[str, float]
    weight_method: str
    weights_basis: str


@dataclass(frozen=True)
class OverallResult:
    """The overall-satisfaction item on its own (0–100 mean and top-two-box rate)."""

    score: float | None
    n: int
    sd: float | None
    ci: Interval | None
    satisfaction: Proportion


@dataclass(frozen=True)
class IPAPoint:
    """One dimension in the importance–performance grid."""

    dimension: str
    performance: float
    importance: float
    importance_source: str
    quadrant: str


@dataclass(frozen=True)
class IPAResult:
    """Importance–performance analysis (M9) with the quadrant split lines."""

    points: tuple[IPAPoint, ...]
    performance_split: float | None
    importance_split: float | None
    #: max − min of the plotted importances, and the least difference that is not noise
    importance_spread: float | None = None
    importance_resolution: float | None = None
    #: True when the spread is below the resolution: the high/low importance split is noise
    importance_flat: bool = False


@dataclass(frozen=True)
class GroupResult:
    """Per-building (group) owner dimension scores, n and response rate."""

    group: str
    n: int
    scores: dict[str, float | None]
    n_by_dimension: dict[str, int]
    households: int | None
    response_rate: float | None
    #: the whole group is under the community's minimum cell size (or hidden with one that is)
    suppressed: bool = False
    #: dimensions whose score of this group is hidden (small-cell rule, results/cells.py)
    hidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class SampleAdequacy:
    """Cochran sample-size target (with FPC) against the responses received (M9)."""

    responses: int
    households: int | None
    n0: float
    target: int
    response_rate: float | None
    small: bool


@dataclass(frozen=True)
class KPISet:
    """Feedback and repair KPIs (M10) for one slice of tickets."""

    received: int
    response_timeliness: Proportion
    dispatch_timeliness: Proportion
    completion_rate: Proportion
    on_time_completion: Proportion
    first_time_fix: Proportion
    callback_satisfaction: Proportion
    mean_hours: float | None
    p90_hours: float | None
    pending_acknowledgement: int
    score: float | None
    #: repairs on site within their deadline / repairs on site (None: no repair in the slice)
    onsite_timeliness: Proportion | None = None


@dataclass(frozen=True)
class KPIResult:
    """KPIs overall, per dimension and per department."""

    overall: KPISet
    by_dimension: dict[str, KPISet]
    by_department: dict[str, KPISet]
    #: 'repair' and 'complaint' apart: their rates have different names (M10)
    by_type: dict[str, KPISet] = field(default_factory=dict)


@dataclass(frozen=True)
class Delta:
    """Period-over-period change of one dimension with MWU, Welch and two-proportion tests."""

    dimension: str
    current: float | None
    previous: float | None
    delta: float | None
    n_current: int
    n_previous: int
    mw_u: float | None
    mw_p: float | None
    welch_t: float | None
    welch_df: float | None
    welch_p: float | None
    significant: bool
    sat_current: float | None
    sat_previous: float | None
    sat_delta: float | None
    z: float | None
    z_p: float | None
    sat_significant: bool


@dataclass(frozen=True)
class PeriodResult:
    """Everything a period report needs; `to_dict()` is JSON-serialisable."""

    scheme: dict[str, Any]
    dimensions: dict[str, DimensionResult]
    nodes: dict[str, NodeResult]
    composite: Composite
    overall: OverallResult | None
    nps: NPSResult | None
    agreement: AgreementResult | None
    ipa: IPAResult | None
    groups: dict[str, GroupResult]
    sample: SampleAdequacy | None
    inspection: InspectionSummary | None
    kpis: KPIResult | None
    deltas: dict[str, Delta]
    overall_delta: Delta | None
    flags: tuple[Flag, ...]
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict (NaN → None, tuples → lists)."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PeriodResult:
        """The result again from its to_dict() form (a cached result reads like a fresh one)."""
        return from_jsonable(cls, data)

    def flags_for(self, dimension: str | None = None, code: str | None = None) -> list[Flag]:
        """Flags filtered by dimension and/or code."""
        return [f for f in self.flags if (dimension is None or f.dimension == dimension)
                and (code is None or f.code == code)]
