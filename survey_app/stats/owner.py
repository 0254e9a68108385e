"""M2 owner-survey dimension scores: respondent × dimension matrix R, t- and Wilson intervals."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from .inputs import OwnerData
from .items import likert_to_score, satisfied_mask, valid_mask
from .reliability import cronbach_alpha
from .result import GroupResult, Interval, MeanEstimate, OverallResult, OwnerDimension, Proportion


def wilson_interval(successes: int, n: int, conf: float = 0.95) -> Interval | None:
    """Wilson (1927) score interval for a proportion; None when n = 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("wilson_interval: successes must be within 0..n")
    z = stats.norm.ppf(1.0 - (1.0 - conf) / 2.0)
    p, z2 = successes / n, z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return (float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def proportion(successes: int, n: int, conf: float = 0.95) -> Proportion:
    """A Proportion with Wilson interval."""
    return Proportion(successes / n if n else None, int(successes), int(n),
                      wilson_interval(successes, n, conf))


def t_interval(x, conf: float = 0.95) -> Interval | None:
    """Student t interval for the mean of the finite values of x (None if n < 2)."""
    return mean_estimate(x, conf).ci


def mean_estimate(x, conf: float = 0.95) -> MeanEstimate:
    """Mean, n, sd and t-interval of the finite values of x."""
    v = np.asarray(x, dtype=float).ravel()
    v = v[np.isfinite(v)]
    n = int(v.size)
    if n == 0:
        return MeanEstimate(None, 0, None, None)
    m = float(v.mean())
    if n == 1:
        return MeanEstimate(m, 1, None, None)
    sd = float(v.std(ddof=1))
    h = float(stats.t.ppf(1.0 - (1.0 - conf) / 2.0, n - 1) * sd / np.sqrt(n))
    return MeanEstimate(m, n, sd, (m - h, m + h))


def item_score_matrix(owner: OwnerData) -> np.ndarray:
    """Respondents × items scores 0–100 (NaN where not validly answered)."""
    return likert_to_score(owner.values, owner.item_points[None, :])


def item_columns(owner: OwnerData, dimension: str) -> np.ndarray:
    """Indices of the items belonging to a dimension."""
    return np.array([i for i, d in enumerate(owner.item_dimensions) if d == dimension], int)


def respondent_dimension_matrix(owner: OwnerData, dimensions: Sequence[str],
                                scores: np.ndarray | None = None) -> np.ndarray:
    """R (respondents × dimensions): R_rd = Σ w_i·s_ri / Σ w_i over valid answers, else NaN."""
    s = item_score_matrix(owner) if scores is None else scores
    out = np.full((s.shape[0], len(dimensions)), np.nan)
    for j, d in enumerate(dimensions):
        cols = item_columns(owner, d)
        if cols.size == 0:
            continue
        sub, w = s[:, cols], owner.item_weights[cols]
        ok = np.isfinite(sub)
        num = (np.where(ok, sub, 0.0) * w).sum(axis=1)
        den = (ok * w).sum(axis=1)
        np.divide(num, den, out=out[:, j], where=den > 0)
    return out


def owner_dimension_scores(owner: OwnerData, dimensions: Sequence[str], r: np.ndarray,
                           conf: float = 0.95) -> dict[str, OwnerDimension | None]:
    """Per-dimension S_owner,d with t-interval, satisfaction rate and Cronbach's α."""
    scores = item_score_matrix(owner)
    out: dict[str, OwnerDimension | None] = {}
    for j, d in enumerate(dimensions):
        cols = item_columns(owner, d)
        if cols.size == 0:
            out[d] = None
            continue
        est = mean_estimate(r[:, j], conf)
        vals, pts = owner.values[:, cols], owner.item_points[cols][None, :]
        sat = proportion(int(satisfied_mask(vals, pts).sum()), int(valid_mask(vals, pts).sum()),
                         conf)
        alpha = cronbach_alpha(scores[:, cols], conf) if cols.size >= 2 else None
        out[d] = OwnerDimension(est.mean, est.n, est.sd, est.ci, sat, int(cols.size), alpha)
    return out


def overall_satisfaction(owner: OwnerData, conf: float = 0.95) -> OverallResult | None:
    """The overall-satisfaction item as a 0–100 mean and a top-two-box rate."""
    k = owner.overall_points
    s = likert_to_score(owner.overall, k)
    if not np.isfinite(s).any():
        return None
    est = mean_estimate(s, conf)
    sat = proportion(int(satisfied_mask(owner.overall, k).sum()),
                     int(valid_mask(owner.overall, k).sum()), conf)
    return OverallResult(est.mean, est.n, est.sd, est.ci, sat)


def answered_mask(owner: OwnerData, r: np.ndarray) -> np.ndarray:
    """Respondents who count as responses (M9 response rate): a valid answer on some
    dimension or on the overall-satisfaction item. A blank submission is not a response;
    the overall and the per-building rates both use this one rule."""
    overall = likert_to_score(owner.overall, owner.overall_points)
    return np.isfinite(r).any(axis=1) | np.isfinite(overall)


def group_results(owner: OwnerData, dimensions: Sequence[str],
                  r: np.ndarray) -> dict[str, GroupResult]:
    """Per-group (building) dimension means and n (responses by answered_mask), with the
    response rate where households are known."""
    raw = owner.groups
    lab = np.array(["" if g is None or g != g else str(g) for g in raw], dtype=object)
    labels, inverse = np.unique(lab, return_inverse=True)
    answered = answered_mask(owner, r)
    hh = owner.group_households or {}
    out = {}
    for gi, g in enumerate(labels):
        if g == "":
            continue
        sub = r[inverse == gi]
        n_by = {d: int(np.isfinite(sub[:, j]).sum()) for j, d in enumerate(dimensions)}
        sc = {d: (float(np.nanmean(sub[:, j])) if n_by[d] else None)
              for j, d in enumerate(dimensions)}
        n = int(answered[inverse == gi].sum())
        h = hh.get(g)
        out[str(g)] = GroupResult(str(g), n, sc, n_by, h, n / h if h else None)
    return out
