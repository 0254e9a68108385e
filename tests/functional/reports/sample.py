"""Small, realistic PeriodResults built by the real scoring engine (no database)."""

from __future__ import annotations

import numpy as np

from survey_app.stats.engine import compute_period_result
from survey_app.stats.inputs import DEFAULT_SCHEME, AssessmentData, InspectionData, OwnerData

DIMS = ("cleaning", "greening", "security", "facilities", "service")


def owner_data(n=120, shift=0.0, seed=1, buildings=3) -> OwnerData:
    """n respondents × 10 items (two per dimension), an overall item and NPS."""
    rng = np.random.default_rng(seed)
    base = np.array([4.1, 3.6, 3.9, 3.3, 3.8]) + shift
    cols = []
    for b in base:
        for _ in range(2):
            cols.append(np.clip(np.round(rng.normal(b, 0.8, n)), 1, 5))
    values = np.column_stack(cols)
    values[rng.random(values.shape) < 0.05] = np.nan
    overall = np.clip(np.round(np.nanmean(values, axis=1) + rng.normal(0, 0.4, n)), 1, 5)
    return OwnerData(
        item_ids=tuple(f"{d}_{i}" for d in DIMS for i in (1, 2)),
        item_dimensions=tuple(d for d in DIMS for _ in (1, 2)),
        values=values, overall=overall, nps=np.clip(np.round(rng.normal(7.5, 2, n)), 0, 10),
        groups=np.array([f"{1 + i % buildings}号楼" for i in range(n)], dtype=object),
        households=400, group_households={f"{b}号楼": 400 // buildings
                                          for b in range(1, buildings + 1)})


def inspection_data() -> InspectionData:
    dims = [d for d in DIMS for _ in range(3)] * 2
    return InspectionData(
        inspection=np.repeat([1, 2], 15), dimension=np.array(dims, dtype=object),
        max_points=np.full(30, 10.0),
        awarded=np.array([10, 9, 8, 7, 10, 9, 10, 10, 6, 8, 9, 10, 9, 9, 10] * 2, dtype=float),
        item_ids=np.array([f"i{k}" for k in range(15)] * 2, dtype=object),
        rectifications_opened=6, rectifications_verified=4)


def assessment_data() -> AssessmentData:
    rng = np.random.default_rng(7)
    k = 10
    base = rng.uniform(6, 9.5, k)
    scores = np.column_stack([np.clip(base + rng.normal(0, 0.4, k), 0, 10) for _ in range(3)])
    return AssessmentData(item_ids=tuple(f"t{i}" for i in range(k)),
                          item_dimensions=tuple(d for d in DIMS for _ in (1, 2)),
                          max_points=np.full(k, 10.0), scores=scores)


def period_result(shift=0.0, seed=1, previous=None, n=120, buildings=3):
    """A full PeriodResult from owner, inspection and third-party data."""
    return compute_period_result(
        DEFAULT_SCHEME, owner=owner_data(n, shift, seed, buildings),
        inspection=inspection_data(), third_party=assessment_data(), previous_owner=previous,
        n_boot=200)
