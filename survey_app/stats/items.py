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
