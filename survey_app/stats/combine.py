"""M5 combining sources per dimension, M6 tree scores, composite index and grade band."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .inputs import Band, DimensionNode


def _arr(x) -> np.ndarray:
    """None → NaN; everything else as a float array."""
    return np.asarray(np.nan if x is None else x, dtype=float)


def weighted_mean(values: Sequence, weights: Sequence[float]):
    """Σ w·x / Σ w over the finite x (elementwise for arrays); NaN where no x is finite."""
    if not values:
        return np.nan
    xs = np.broadcast_arrays(*[_arr(v) for v in values])
    num = np.zeros(xs[0].shape)
    den = np.zeros(xs[0].shape)
    for x, w in zip(xs, weights, strict=True):
        if w <= 0:
            continue
        ok = np.isfinite(x)
        num += np.where(ok, x, 0.0) * w
        den += ok * float(w)
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return float(out) if out.ndim == 0 else out


def combine_sources(scores: Mapping[str, object], weights: Mapping[str, float]
                    ) -> tuple[float | None, tuple[str, ...], tuple[str, ...]]:
    """C_d = Σ ω_s·S_s,d / Σ ω_s over sources with data; returns (C, used, missing).

    Sources with ω_s = 0 are ignored; `missing` lists weighted sources without data.
    """
    used, missing, vals, ws = [], [], [], []
    for s, w in weights.items():
        if w <= 0:
            continue
        v = scores.get(s)
        if v is None or not np.isfinite(v):
            missing.append(s)
            continue
        used.append(s)
        vals.append(float(v))
        ws.append(float(w))
    c = weighted_mean(vals, ws) if vals else None
    return c, tuple(used), tuple(missing)


def combine_sources_array(scores: Mapping[str, object], weights: Mapping[str, float]):
    """Vectorised C_d for arrays of replicate scores (NaN = no data in that replicate)."""
    keys = [s for s, w in weights.items() if w > 0 and scores.get(s) is not None]
    return weighted_mean([scores[s] for s in keys], [weights[s] for s in keys])


def tree_scores(nodes: Sequence[DimensionNode], leaf_scores: Mapping[str, object]
                ) -> dict[str, object]:
    """Scores of every node: a parent is the weighted mean of its children that have data."""
    out: dict[str, object] = {}

    def walk(n: DimensionNode):
        if not n.children:
            v = leaf_scores.get(n.key)
            out[n.key] = np.nan if v is None else (float(v) if np.ndim(v) == 0 else v)
            return out[n.key]
        vals = [walk(c) for c in n.children]
        out[n.key] = weighted_mean(vals, [c.weight for c in n.children])
        return out[n.key]

    for n in nodes:
        walk(n)
    return out


def composite_index(nodes: Sequence[DimensionNode], leaf_scores: Mapping[str, object]):
    """I = Σ_d w_d·C_d over the top-level nodes, renormalised among nodes with data."""
    sc = tree_scores(nodes, leaf_scores)
    return weighted_mean([sc[n.key] for n in nodes], [n.weight for n in nodes])


def effective_weights(nodes: Sequence[DimensionNode], available: set[str]
                      ) -> dict[str, float]:
    """Global weight of every node after renormalising siblings among those with data."""
    out: dict[str, float] = {}

    def has(n: DimensionNode) -> bool:
        return any(has(c) for c in n.children) if n.children else n.key in available

    def walk(ns: Sequence[DimensionNode], parent: float) -> None:
        tot = sum(n.weight for n in ns if has(n))
        for n in ns:
            w = parent * n.weight / tot if tot > 0 and has(n) else 0.0
            out[n.key] = w
            walk(n.children, w)

    walk(nodes, 1.0)
    return out


def grade_band(score, bands: Sequence[Band]) -> Band | None:
    """The highest band whose min_score ≤ score (None for a missing score)."""
    if score is None or not np.isfinite(score):
        return None
    for b in sorted(bands, key=lambda b: -b.min_score):
        if score >= b.min_score:
            return b
    return None
