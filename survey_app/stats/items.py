"""M1 item scores: Likert → 0–100, satisfaction rate (top two boxes) and NPS."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def likert_to_score(values, k=5) -> np.ndarray:
    """s = 100·(v − 1)/(k − 1); blanks, not-applicable and out-of-range values become NaN."""
    v = np.asarray(values, dtype=float)
    kk = np.asarray(k, dtype=float)
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(v) & (v >= 1) & (v <= kk) & (v == np.round(v))
        return np.where(valid, 100.0 * (v - 1.0) / (kk - 1.0), np.nan)


def valid_mask(values, k=5) -> np.ndarray:
    """True where a Likert answer is a valid integer in 1..k."""
    return np.isfinite(likert_to_score(values, k))


def satisfied_mask(values, k=5) -> np.ndarray:
    """True where a valid answer is in the top two boxes (v ≥ k − 1)."""
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return valid_mask(v, k) & (v >= np.asarray(k, dtype=float) - 1)


def satisfaction_counts(values, k=5) -> tuple[int, int]:
    """(satisfied answers, valid answers) over all given answers."""
    return int(satisfied_mask(values, k).sum()), int(valid_mask(values, k).sum())


def satisfaction_rate(values, k=5) -> float | None:
    """Share of valid answers in the top two boxes; None when there is no valid answer."""
    sat, n = satisfaction_counts(values, k)
    return sat / n if n else None


@dataclass(frozen=True)
class NPSResult:
    """Net promoter score (−100…100) with its counts."""

    score: float | None
    n: int
    promoters: int
    passives: int
    detractors: int


def nps(values) -> NPSResult:
    """NPS = %promoters (9–10) − %detractors (0–6) over valid 0–10 answers."""
    v = np.asarray(values, dtype=float).ravel()
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(v) & (v >= 0) & (v <= 10) & (v == np.round(v))
    v = v[ok]
    n = int(v.size)
    pro, det = int((v >= 9).sum()), int((v <= 6).sum())
    score = 100.0 * (pro - det) / n if n else None
    return NPSResult(score, n, pro, n - pro - det, det)


# --------------------------------------------------------------------------- item tables


@dataclass(frozen=True)
class OwnerItem:
    """One owner-survey item: valid answers, mean score 0–100 and satisfaction rate (M1)."""

    item: str
    dimension: str
    n: int
    score: float | None
    satisfaction: float | None


@dataclass(frozen=True)
class InspectionItem:
    """One checklist item over the period's inspections: points awarded of the maximum (M3)."""

    item: str
    dimension: str
    n: int
    awarded: float
    max_points: float
    score: float | None


@dataclass(frozen=True)
class ThirdPartyItem:
    """One third-party item: assessors, mean points ā_i (M4), maximum and 0–100 score."""

    item: str
    dimension: str
    n: int
    mean: float | None
    max_points: float
    score: float | None


@dataclass(frozen=True)
class ItemTables:
    """The item-level tables of a period's sources (each empty without that source)."""

    owner: tuple[OwnerItem, ...] = ()
    inspection: tuple[InspectionItem, ...] = ()
    third_party: tuple[ThirdPartyItem, ...] = ()


def owner_items(owner) -> tuple[OwnerItem, ...]:
    """Per owner-survey item (OwnerData): valid answers, mean score and satisfaction rate."""
    if owner is None:
        return ()
    rows = []
    for j, (item, dim) in enumerate(zip(owner.item_ids, owner.item_dimensions, strict=True)):
        col, k = owner.values[:, j], int(owner.item_points[j])
        valid = valid_mask(col, k)
        n = int(valid.sum())
        rows.append(OwnerItem(
            item, dim, n, float(np.mean(likert_to_score(col[valid], k))) if n else None,
            float(satisfied_mask(col, k).sum() / n) if n else None))
    return tuple(rows)


def inspection_items(inspection) -> tuple[InspectionItem, ...]:
    """Per checklist item (InspectionData): inspections scored, points awarded of the maximum."""
    if inspection is None or inspection.inspection.size == 0:
        return ()
    totals: dict[tuple[str, str], list] = {}
    for i in np.flatnonzero(np.isfinite(inspection.awarded)):
        key = (str(inspection.dimension[i]), str(inspection.item_ids[i]))
        row = totals.setdefault(key, [0, 0.0, 0.0])
        row[0] += 1
        row[1] += float(inspection.awarded[i])
        row[2] += float(inspection.max_points[i])
    return tuple(InspectionItem(item, dim, n, awarded, top, 100 * awarded / top if top else None)
                 for (dim, item), (n, awarded, top) in sorted(totals.items()))


def third_party_items(assessment) -> tuple[ThirdPartyItem, ...]:
    """Per third-party item (AssessmentData): assessors, mean points, maximum, 0–100 score."""
    if assessment is None:
        return ()
    from .third_party import disputed_items  # third_party → result → items: import late

    rows = []
    disputed = disputed_items(assessment.scores)
    for j, (item, dim) in enumerate(zip(assessment.item_ids, assessment.item_dimensions,
                                        strict=True)):
        scores = assessment.scores[j]
        ok = np.isfinite(scores) & ~disputed[j]  # a disputed item is not scored (M4)
        mean = float(scores[ok].mean()) if ok.any() else None
        top = float(assessment.max_points[j])
        rows.append(ThirdPartyItem(item, dim, int(ok.sum()), mean, top,
                                   100 * mean / top if mean is not None else None))
    return tuple(rows)


def item_tables(owner=None, inspection=None, third_party=None) -> ItemTables:
    """All item tables of a period's sources."""
    return ItemTables(owner_items(owner), inspection_items(inspection),
                      third_party_items(third_party))
