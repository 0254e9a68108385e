"""M9 diagnostics: importance–performance analysis, period-over-period tests, Cochran."""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
from scipy import stats

from .result import Delta, IPAPoint, IPAResult, SampleAdequacy

QUADRANTS = {  # (high importance, high performance) → Martilla & James (1977) quadrant
    (True, False): "concentrate_here",
    (True, True): "keep_up_good_work",
    (False, False): "low_priority",
    (False, True): "possible_overkill",
}
SIGNIFICANCE = 0.05


def _finite(x) -> np.ndarray:
    """Finite values of x as a 1-D float array."""
    v = np.asarray(x, dtype=float).ravel()
    return v[np.isfinite(v)]


def pearson(x, y) -> float | None:
    """Pearson r over pairwise-complete values (None if < 3 pairs or a constant variable)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3:
        return None
    a, b = x[ok] - x[ok].mean(), y[ok] - y[ok].mean()
    den = math.sqrt(float((a * a).sum()) * float((b * b).sum()))
    return float((a * b).sum() / den) if den > 1e-12 else None


def correlation_resolution(r: float, n: int, conf: float = 0.95) -> float | None:
    """Half-width of the Fisher-z confidence interval of a Pearson r on n pairs, in units of
    r (at r: (tanh(z + h) − tanh(z − h)) / 2, z = atanh r, h = z_crit/√(n − 3)); None if n < 4.

    M9 derives importance as such a correlation: two importances closer than this cannot be
    told apart, so a quadrant split on them is not evidence (docs/results.md).
    """
    if n < 4 or not math.isfinite(r):
        return None
    z = math.atanh(max(-0.999999, min(0.999999, r)))
    h = float(stats.norm.ppf(0.5 + conf / 2)) / math.sqrt(n - 3)
    return (math.tanh(z + h) - math.tanh(z - h)) / 2


def importance_resolution(r: np.ndarray, overall: np.ndarray, importance: Mapping
                          ) -> float | None:
    """correlation_resolution at the mean derived importance, on the fewest complete pairs
    (r: respondents × dimensions, overall: the overall-satisfaction scores)."""
    values = [v for v in importance.values() if v is not None]
    pairs = [int((np.isfinite(r[:, j]) & np.isfinite(overall)).sum()) for j in range(r.shape[1])]
    if not values or not pairs:
        return None
    return correlation_resolution(float(np.mean(values)), min(pairs))


def ipa(performance: Mapping[str, float | None], importance: Mapping[str, float | None],
        source: str = "derived", resolution: float | None = None) -> IPAResult | None:
    """Quadrants split at the means of the plotted dimensions; None if nothing to plot.

    ``resolution``: how far apart two importances must be to differ (correlation_resolution);
    when the whole importance spread is below it the result says the importance axis is flat
    (too small to act on).
    """
    keys = [d for d in performance if performance.get(d) is not None
            and importance.get(d) is not None]
    if not keys:
        return None
    perf = np.array([performance[d] for d in keys], dtype=float)
    imp = np.array([importance[d] for d in keys], dtype=float)
    ps, is_ = float(perf.mean()), float(imp.mean())
    pts = tuple(IPAPoint(d, float(p), float(i), source, QUADRANTS[(bool(i >= is_), bool(p >= ps))])
                for d, p, i in zip(keys, perf, imp, strict=True))
    spread = float(imp.max() - imp.min())
    flat = resolution is not None and len(keys) > 1 and spread < resolution
    return IPAResult(pts, ps, is_, spread, resolution, flat)


def mann_whitney(a, b) -> tuple[float | None, float | None]:
    """Two-sided Mann–Whitney U (U of the first sample, p); (None, None) if a sample is empty."""
    a, b = _finite(a), _finite(b)
    if a.size == 0 or b.size == 0:
        return None, None
    if np.all(np.concatenate([a, b]) == a[0]):
        return float(a.size * b.size / 2.0), 1.0
    r = stats.mannwhitneyu(a, b, alternative="two-sided")
    return float(r.statistic), float(r.pvalue)


def welch(a, b) -> tuple[float | None, float | None, float | None]:
    """Welch's unequal-variance t-test (t, df, two-sided p); Nones where undefined."""
    a, b = _finite(a), _finite(b)
    if a.size < 2 or b.size < 2:
        return None, None, None
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    if va + vb <= 0:
        return None, None, None
    with warnings.catch_warnings():  # a constant sample is fine: its variance is exactly 0
        warnings.filterwarnings("ignore", "Precision loss", RuntimeWarning)
        r = stats.ttest_ind(a, b, equal_var=False)
    return float(r.statistic), float(r.df), float(r.pvalue)


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float | None, float | None]:
    """Pooled two-proportion z-test, two-sided (None where a sample is empty or p̂ ∈ {0, 1})."""
    if n1 <= 0 or n2 <= 0:
        return None, None
    p = (x1 + x2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    if se <= 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    return float(z), float(2 * stats.norm.sf(abs(z)))


def compare_periods(dimension: str, current, previous, sat_current: tuple[int, int] | None = None,
                    sat_previous: tuple[int, int] | None = None,
                    alpha: float = SIGNIFICANCE) -> Delta:
    """Δ of mean R_rd with Mann–Whitney (decides significance) and Welch beside it."""
    a, b = _finite(current), _finite(previous)
    cur = float(a.mean()) if a.size else None
    prev = float(b.mean()) if b.size else None
    u, p = mann_whitney(a, b)
    t, df, tp = welch(a, b)
    sc = sp = sd = z = zp = None
    if sat_current and sat_previous and sat_current[1] and sat_previous[1]:
        sc, sp = sat_current[0] / sat_current[1], sat_previous[0] / sat_previous[1]
        sd = sc - sp
        z, zp = two_proportion_z(*sat_current, *sat_previous)
    return Delta(dimension, cur, prev, None if cur is None or prev is None else cur - prev,
                 int(a.size), int(b.size), u, p, t, df, tp, p is not None and p < alpha,
                 sc, sp, sd, z, zp, zp is not None and zp < alpha)


def cochran_sample_size(households: int | None = None, margin: float = 0.05, p: float = 0.5,
                        z: float = 1.96) -> tuple[float, int]:
    """(n0, n): n0 = z²·p(1−p)/e²; n = n0/(1 + (n0 − 1)/N) rounded up (n0 rounded up if no N)."""
    if not 0 < margin < 1 or not 0 < p < 1 or z <= 0:
        raise ValueError("cochran: margin and p must be within (0, 1) and z > 0")
    n0 = z * z * p * (1 - p) / (margin * margin)
    if households is None:
        return n0, math.ceil(round(n0, 9))
    if households <= 0:
        raise ValueError("cochran: households must be > 0")
    n = n0 / (1 + (n0 - 1) / households)
    return n0, min(households, math.ceil(round(n, 9)))


def sample_adequacy(responses: int, households: int | None) -> SampleAdequacy:
    """Cochran target (95 %, ±5 %, p = 0.5) and response rate; `small` when below target."""
    n0, target = cochran_sample_size(households if households else None)
    rate = responses / households if households else None
    return SampleAdequacy(int(responses), households or None, n0, target, rate,
                          responses < target)
