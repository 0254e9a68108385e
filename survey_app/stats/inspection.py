"""M3 joint-inspection scores: deductions, per-inspection and per-period scores, findings."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .inputs import InspectionData
from .result import Finding, InspectionDimension, InspectionSummary


def apply_deductions(max_points, deductions, floor: float = 0.0) -> float | np.ndarray:
    """a = max(floor, m − Σ deductions); scalar m with a list, or arrays of m with lists per
    item (the floor, 0 by default, is the least an item scores: 扣完为止)."""
    m = np.asarray(max_points, dtype=float)
    if m.ndim == 0:
        d = np.asarray(deductions if deductions is not None else [], dtype=float).ravel()
        if np.any(d < 0) or not np.all(np.isfinite(d)):
            raise ValueError("deductions must be finite and ≥ 0")
        return float(max(float(floor), float(m) - d.sum()))
    if len(deductions) != m.size:
        raise ValueError("one list of deductions per item is required")
    return np.array([apply_deductions(mi, di, floor)
                     for mi, di in zip(m, deductions, strict=True)])


def _applicable(data: InspectionData) -> np.ndarray:
    """Rows whose item is applicable (awarded is not NaN)."""
    return np.isfinite(data.awarded)


def per_inspection_scores(data: InspectionData) -> dict[str, dict[int, float]]:
    """S_d per inspection: 100·Σ a_i / Σ m_i over applicable items of d."""
    ok = _applicable(data)
    out: dict[str, dict[int, float]] = {}
    keys = zip(data.dimension[ok], data.inspection[ok], strict=True)
    pairs = sorted({(str(d), int(i)) for d, i in keys if d is not None})
    for d, i in pairs:
        rows = ok & (data.inspection == i) & np.array([x == d for x in data.dimension])
        out.setdefault(d, {})[i] = float(100.0 * data.awarded[rows].sum()
                                         / data.max_points[rows].sum())
    return out


def finding_mask(data: InspectionData) -> np.ndarray:
    """Applicable rows below their pass line (default: awarded < maximum)."""
    line = np.where(np.isfinite(data.pass_line), data.pass_line, data.max_points)
    with np.errstate(invalid="ignore"):
        return _applicable(data) & (data.awarded < line)


def findings(data: InspectionData) -> tuple[Finding, ...]:
    """All findings, in input order."""
    line = np.where(np.isfinite(data.pass_line), data.pass_line, data.max_points)
    idx = np.flatnonzero(finding_mask(data))
    return tuple(Finding(int(data.inspection[i]), str(data.dimension[i]),
                         None if data.item_ids[i] is None else str(data.item_ids[i]),
                         float(data.awarded[i]), float(data.max_points[i]), float(line[i]))
                 for i in idx)


def closure_rate(opened: int, verified: int) -> float | None:
    """Rectification closure rate = verified-closed / opened (None when none opened)."""
    if opened < 0 or verified < 0:
        raise ValueError("rectification counts must be ≥ 0")
    return verified / opened if opened else None


def inspection_dimension_scores(data: InspectionData, dimensions: Sequence[str]
                                ) -> dict[str, InspectionDimension | None]:
    """S_insp,d = mean of S_d over inspections covering d (None if none)."""
    per = per_inspection_scores(data)
    ok = _applicable(data)
    fm = finding_mask(data)
    dims = np.array([str(x) for x in data.dimension], dtype=object)
    out: dict[str, InspectionDimension | None] = {}
    for d in dimensions:
        s = per.get(d)
        if not s:
            out[d] = None
            continue
        rows = dims == d
        out[d] = InspectionDimension(float(np.mean(list(s.values()))), len(s), dict(s),
                                     int((ok & rows).sum()), int((fm & rows).sum()))
    return out


def inspection_summary(data: InspectionData) -> InspectionSummary:
    """Inspection count, findings and rectification closure rate for the period."""
    n = int(np.unique(data.inspection[_applicable(data)]).size)
    return InspectionSummary(n, findings(data), data.rectifications_opened,
                             data.rectifications_verified,
                             closure_rate(data.rectifications_opened,
                                          data.rectifications_verified))
