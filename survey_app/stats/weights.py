"""M7 weights: direct (validated, normalised), AHP (Saaty eigenvector, CR) and entropy."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import linalg

# Saaty (1980) random index for n = 1 … 10 (The Analytic Hierarchy Process, McGraw-Hill).
SAATY_RI = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
RI_SOURCE = "Saaty (1980) random index"
CR_LIMIT = 0.10
_RECIPROCAL_TOL = 0.02


class WeightsError(ValueError):
    """Raised for invalid weights or pairwise matrices; the message names the problem."""


@dataclass(frozen=True)
class AHPResult:
    """AHP priorities of one pairwise matrix and its consistency."""

    weights: np.ndarray
    labels: tuple[str, ...]
    lambda_max: float
    ci: float
    ri: float
    cr: float
    worst_pair: tuple[str, str] | None
    worst_pair_suggested: float | None

    @property
    def consistent(self) -> bool:
        """True when CR < 0.10."""
        return self.cr < CR_LIMIT

    def as_dict(self) -> dict[str, float]:
        """Label → weight."""
        return {k: float(w) for k, w in zip(self.labels, self.weights, strict=True)}


@dataclass(frozen=True)
class EntropyResult:
    """Entropy weights with the entropies e_j and divergences d_j = 1 − e_j."""

    weights: np.ndarray
    entropy: np.ndarray
    divergence: np.ndarray


def direct_weights(values: Sequence[float] | Mapping[str, float]):
    """Validate non-negative finite weights and normalise to sum 1 (same shape or mapping)."""
    if isinstance(values, Mapping):
        keys = list(values)
        w = direct_weights([values[k] for k in keys])
        return {k: float(x) for k, x in zip(keys, w, strict=True)}
    try:
        w = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise WeightsError("weights must be numbers") from None
    if w.size == 0:
        raise WeightsError("no weights given")
    if not np.all(np.isfinite(w)):
        raise WeightsError("weights must be finite numbers")
    if np.any(w < 0):
        raise WeightsError(f"weights must be non-negative (weight {int(np.argmax(w < 0)) + 1} "
                           f"is {w[w < 0][0]:g})")
    total = w.sum()
    if total <= 0:
        raise WeightsError("weights are all zero; at least one must be positive")
    return w / total


def _labels(n: int, labels: Sequence[str] | None) -> tuple[str, ...]:
    """Labels or 1-based positions."""
    if labels is None:
        return tuple(str(i + 1) for i in range(n))
    if len(labels) != n:
        raise WeightsError(f"{len(labels)} labels given for a {n}×{n} matrix")
    return tuple(str(x) for x in labels)


def validate_pairwise(matrix, labels: Sequence[str] | None = None) -> np.ndarray:
    """Check an AHP matrix: square, positive, 1/9…9, unit diagonal, a_ij·a_ji = 1."""
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise WeightsError("pairwise matrix must contain numbers only") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise WeightsError(f"pairwise matrix must be square and non-empty, got shape {a.shape}")
    n = a.shape[0]
    if n > len(SAATY_RI):
        raise WeightsError(f"pairwise matrix is {n}×{n}; at most {len(SAATY_RI)} elements can be "
                           f"compared ({RI_SOURCE} is tabulated for n ≤ {len(SAATY_RI)})")
    lab = _labels(n, labels)
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        i, j = np.argwhere(~np.isfinite(a) | (a <= 0))[0]
        raise WeightsError(f"pairwise value ({lab[i]}, {lab[j]}) must be a positive number")
    if np.any(np.abs(np.diag(a) - 1) > 1e-9):
        i = int(np.argmax(np.abs(np.diag(a) - 1)))
        raise WeightsError(f"diagonal entry ({lab[i]}, {lab[i]}) must be 1")
    lo, hi = 1 / 9 * (1 - _RECIPROCAL_TOL), 9 * (1 + _RECIPROCAL_TOL)
    bad = (a < lo) | (a > hi)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise WeightsError(f"pairwise value ({lab[i]}, {lab[j]}) = {a[i, j]:g} is outside "
                           "Saaty's scale 1/9 … 9")
    dev = np.abs(a * a.T - 1)
    if np.any(dev > _RECIPROCAL_TOL):
        i, j = np.argwhere(dev > _RECIPROCAL_TOL)[0]
        raise WeightsError(f"matrix is not reciprocal: ({lab[i]}, {lab[j]}) = {a[i, j]:g} but "
                           f"({lab[j]}, {lab[i]}) = {a[j, i]:g}, expected {1 / a[i, j]:g}")
    return a


def ahp_weights(matrix, labels: Sequence[str] | None = None, max_cr: float | None = CR_LIMIT,
                ) -> AHPResult:
    """Principal-eigenvector priorities, λmax, CI and CR; refuses CR ≥ max_cr (None: never)."""
    a = validate_pairwise(matrix, labels)
    n = a.shape[0]
    lab = _labels(n, labels)
    if n == 1:
        return AHPResult(np.ones(1), lab, 1.0, 0.0, 0.0, 0.0, None, None)
    vals, vecs = linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    ci = max(0.0, (lam - n) / (n - 1))
    ri = SAATY_RI[n - 1]
    cr = ci / ri if n > 2 else 0.0
    ratio = a * w[None, :] / w[:, None]
    dev = np.maximum(ratio, 1 / ratio)
    np.fill_diagonal(dev, 0)
    # Rounded so that pairs equal but for floating-point noise (a pure cycle) tie, and the
    # first of them wins on every machine and BLAS build.
    i, j = np.unravel_index(int(np.argmax(np.round(np.triu(dev, 1), 9))), dev.shape)
    pair, sugg = ((lab[i], lab[j]), float(w[i] / w[j])) if n > 2 else (None, None)
    res = AHPResult(w, lab, lam, ci, ri, cr, pair, sugg)
    if max_cr is not None and cr >= max_cr:
        raise WeightsError(f"pairwise matrix is too inconsistent: CR = {cr:.3f} ≥ {max_cr:.2f} "
                           f"({RI_SOURCE}); most inconsistent pair is ({pair[0]}, {pair[1]}): "
                           f"entered {a[i, j]:.3g}, consistent value ≈ {sugg:.3g}")
    return res


def ahp_hierarchy(matrices: Mapping[str, tuple[Sequence[str], object]], root: str,
                  max_cr: float | None = CR_LIMIT) -> tuple[dict[str, float], dict[str, AHPResult]]:
    """Multiply AHP priorities down a tree {parent: (child labels, matrix)} to global weights.

    Children that have their own matrix are expanded; the rest are leaves. A leaf label that
    appears under several parents (alternatives in classic AHP) accumulates its global weight.
    """
    if root not in matrices:
        raise WeightsError(f"no pairwise matrix for the root '{root}'")
    local: dict[str, AHPResult] = {}
    out: dict[str, float] = {}

    def walk(parent: str, weight: float, path: tuple[str, ...]) -> None:
        if parent in path:
            raise WeightsError(f"hierarchy has a cycle at '{parent}'")
        labels, m = matrices[parent]
        try:
            res = local.get(parent) or ahp_weights(m, labels, max_cr)
        except WeightsError as e:
            raise WeightsError(f"{parent}: {e}") from None
        local[parent] = res
        for lab, w in zip(res.labels, res.weights, strict=True):
            if lab in matrices:
                walk(lab, weight * float(w), path + (parent,))
            else:
                out[lab] = out.get(lab, 0.0) + weight * float(w)

    walk(root, 1.0, ())
    return out, local


def entropy_weights(x) -> EntropyResult:
    """Entropy weights of a units × dimensions matrix of non-negative scores (0·ln 0 = 0)."""
    try:
        x = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise WeightsError("entropy: matrix must contain numbers only") from None
    if x.ndim != 2 or x.shape[1] == 0:
        raise WeightsError(f"entropy: need a units × dimensions matrix, got shape {x.shape}")
    m = x.shape[0]
    if m < 2:
        raise WeightsError("entropy: need at least 2 units (rows)")
    if not np.all(np.isfinite(x)):
        raise WeightsError("entropy: matrix has missing or non-finite values")
    if np.any(x < 0):
        raise WeightsError("entropy: scores must not be negative")
    col = x.sum(axis=0)
    if np.any(col <= 0):
        j = int(np.argmax(col <= 0))
        raise WeightsError(f"entropy: dimension {j + 1} is zero for every unit")
    p = x / col
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = np.clip(-plogp.sum(axis=0) / np.log(m), 0.0, 1.0)
    d = 1.0 - e
    if d.sum() <= 1e-15:
        raise WeightsError("entropy: every dimension is equal across units, weights undefined")
    return EntropyResult(d / d.sum(), e, d)
