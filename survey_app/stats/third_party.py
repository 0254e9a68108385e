"""M4 third-party scores and agreement: ICC(2,1), ICC(2,k) (Shrout & Fleiss 1979), Kendall's W."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from .inputs import AssessmentData
from .result import AgreementResult, ThirdPartyDimension

ICC_THRESHOLD = 0.75


def icc_two_way_random(x) -> tuple[float | None, float | None]:
    """(ICC(2,1), ICC(2,k)) of a complete targets × judges matrix, two-way random effects."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or not np.all(np.isfinite(x)):
        raise ValueError("icc: need a complete 2-D targets × judges matrix")
    n, k = x.shape
    if n < 2 or k < 2:
        return None, None
    g = x.mean()
    ss_rows = k * ((x.mean(axis=1) - g) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - g) ** 2).sum()
    ss_err = ((x - g) ** 2).sum() - ss_rows - ss_cols
    bms, jms = ss_rows / (n - 1), ss_cols / (k - 1)
    ems = ss_err / ((n - 1) * (k - 1))
    d1 = bms + (k - 1) * ems + k * (jms - ems) / n
    dk = bms + (jms - ems) / n
    icc1 = float((bms - ems) / d1) if d1 > 1e-12 else None
    icck = float((bms - ems) / dk) if dk > 1e-12 else None
    return icc1, icck


def kendalls_w(x) -> tuple[float | None, float | None, float | None]:
    """(W, χ², p) for a complete objects × raters matrix; mid-ranks with tie correction."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or not np.all(np.isfinite(x)):
        raise ValueError("kendalls_w: need a complete 2-D objects × raters matrix")
    n, m = x.shape
    if n < 2 or m < 2:
        return None, None, None
    ranks = stats.rankdata(x, axis=0)
    rsum = ranks.sum(axis=1)
    s = ((rsum - m * (n + 1) / 2.0) ** 2).sum()
    ties = 0.0
    for j in range(m):
        _, c = np.unique(x[:, j], return_counts=True)
        ties += float((c ** 3 - c).sum())
    denom = m * m * (n ** 3 - n) - m * ties
    if denom <= 0:
        return None, None, None
    w = float(12.0 * s / denom)
    chi2 = m * (n - 1) * w
    return w, float(chi2), float(stats.chi2.sf(chi2, n - 1))


def agreement(scores, max_points=None, threshold: float = ICC_THRESHOLD) -> AgreementResult:
    """Agreement over items (targets) × assessors, on percent of maximum, complete items only."""
    x = np.asarray(scores, dtype=float)
    if x.ndim != 2:
        raise ValueError("agreement: scores must be items × assessors")
    if max_points is not None:
        x = 100.0 * x / np.asarray(max_points, dtype=float)[:, None]
    x = x[np.all(np.isfinite(x), axis=1)] if x.shape[1] else x[:0]
    n, k = x.shape
    if k < 2:
        return AgreementResult(None, None, None, None, None, n, k, False, "fewer_than_2_assessors")
    if n < 2:
        return AgreementResult(None, None, None, None, None, n, k, False, "fewer_than_2_items")
    if np.ptp(x) == 0:
        return AgreementResult(None, None, None, None, None, n, k, False, "zero_variance")
    i1, ik = icc_two_way_random(x)
    w, chi2, p = kendalls_w(x)
    if ik is None:  # non-positive denominator: error variance swamps everything else
        return AgreementResult(i1, None, w, chi2, p, n, k, True, "no_agreement")
    return AgreementResult(i1, ik, w, chi2, p, n, k, ik < threshold)


def disputed_items(scores) -> np.ndarray:
    """Items scored by fewer assessors than marked them not applicable (e.g. 1 of 3).

    M4 averages over assessors, but a mean of one score against two "not applicable" verdicts
    would report a disputed item as if it had been assessed: such an item is flagged for
    review and left out of S_3rd,d (like a not-applicable item) until the assessors agree.
    A tie (1 of 2) is still scored and highlighted as high disagreement.
    """
    sc = np.asarray(scores, dtype=float)
    if sc.ndim != 2 or sc.shape[1] == 0:
        return np.zeros(sc.shape[0] if sc.ndim else 0, bool)
    scored = np.isfinite(sc).sum(axis=1)
    return (scored > 0) & (scored < sc.shape[1] - scored)


def third_party_dimension_scores(data: AssessmentData, dimensions: Sequence[str]
                                 ) -> dict[str, ThirdPartyDimension | None]:
    """S_3rd,d = 100·Σ ā_i / Σ m_i over applicable items of d (ā_i = mean over assessors).

    Items whose applicability is disputed (``disputed_items``) are not scored.
    """
    sc = data.scores
    has = np.isfinite(sc).any(axis=1) if sc.shape[1] else np.zeros(sc.shape[0], bool)
    has &= ~disputed_items(sc)
    abar = np.full(sc.shape[0], np.nan)
    if has.any():
        abar[has] = np.nanmean(sc[has], axis=1)
    out: dict[str, ThirdPartyDimension | None] = {}
    dims = np.array([str(d) for d in data.item_dimensions], dtype=object)
    for d in dimensions:
        rows = (dims == d) & has
        if not rows.any():
            out[d] = None
            continue
        s = float(100.0 * abar[rows].sum() / data.max_points[rows].sum())
        n_ass = int(np.isfinite(sc[rows]).any(axis=0).sum())
        agr = agreement(sc[rows], data.max_points[rows])
        out[d] = ThirdPartyDimension(s, int(rows.sum()), n_ass, agr)
    return out
