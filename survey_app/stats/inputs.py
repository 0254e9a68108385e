"""Input data containers for the scoring engine; the scheme types are re-exported here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .scheme import (  # noqa: F401  (re-exported: the documented home of these names)
    DEFAULT_BANDS,
    DEFAULT_SCHEME,
    DEFAULT_SOURCE_WEIGHTS,
    ROOT,
    SOURCES,
    WEIGHT_METHODS,
    Band,
    DimensionNode,
    Scheme,
    SchemeError,
    check_scheme_against,
)


class InputError(ValueError):
    """Raised when input arrays have inconsistent shapes or impossible values."""


def _array(value: Any, dtype: Any, name: str) -> np.ndarray:
    """np.array(value, dtype) with conversion failures reported as InputError naming the field."""
    try:
        return np.array(value, dtype=dtype)
    except (TypeError, ValueError, OverflowError) as e:
        raise InputError(f"{name}: cannot convert to {np.dtype(dtype).name} ({e})") from None


def _set(obj: Any, name: str, value: Any) -> None:
    """Assign an attribute on a frozen dataclass during __post_init__."""
    object.__setattr__(obj, name, value)


def _set_items(obj: Any) -> int:
    """Coerce a container's item_ids and item_dimensions to tuples of one length; the length."""
    ids, dims = tuple(obj.item_ids), tuple(obj.item_dimensions)
    if len(ids) != len(dims):
        raise InputError("item_dimensions: must have one entry per item")
    _set(obj, "item_ids", ids)
    _set(obj, "item_dimensions", dims)
    return len(ids)


def _float_array(value: Any, shape: tuple[int, ...] | None, fill: float, name: str) -> np.ndarray:
    """Coerce to a float array of the given shape (None → filled with `fill`)."""
    if value is None:
        if shape is None:
            raise InputError(f"{name}: required")
        return np.full(shape, fill, dtype=float)
    arr = _array(value, float, name)
    if shape is not None and arr.shape != shape:
        raise InputError(f"{name}: expected shape {shape}, got {arr.shape}")
    return arr


def _object_array(value: Any, n: int, name: str, fill: Any = None) -> np.ndarray:
    """Coerce to a 1-D object array of length n (None → filled with `fill`)."""
    if value is None:
        arr = np.empty(n, dtype=object)
        arr[:] = fill
        return arr
    arr = np.empty(len(value), dtype=object)
    arr[:] = list(value)
    if arr.shape != (n,):
        raise InputError(f"{name}: expected length {n}, got {arr.shape[0]}")
    return arr


def _dt_array(value: Any, n: int, name: str) -> np.ndarray:
    """Coerce to a datetime64[s] array of length n (None → all NaT)."""
    if value is None:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    arr = _array(value, "datetime64[s]", name)
    if arr.shape != (n,):
        raise InputError(f"{name}: expected length {n}, got {arr.shape}")
    return arr


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False, kw_only=True)
class OwnerData:
    """Owner survey answers: respondents × items raw Likert values (NaN = blank / not applicable)."""

    item_ids: tuple[str, ...]
    item_dimensions: tuple[str, ...]
    values: np.ndarray
    item_weights: np.ndarray | None = None
    item_points: np.ndarray | None = None
    overall: np.ndarray | None = None
    overall_points: int = 5
    nps: np.ndarray | None = None
    groups: np.ndarray | None = None
    importance: dict[str, float] | None = None
    households: int | None = None
    group_households: dict[str, int] | None = None

    def __post_init__(self) -> None:
        """Coerce and validate array shapes."""
        k = _set_items(self)
        vals = _array(self.values, float, "values")
        if vals.ndim == 1 and vals.size == 0:
            vals = vals.reshape(0, k)
        if vals.ndim != 2 or vals.shape[1] != k:
            raise InputError(f"values: expected shape (n, {k}), got {vals.shape}")
        n = vals.shape[0]
        _set(self, "values", vals)
        _set(self, "item_weights", _float_array(self.item_weights, (k,), 1.0, "item_weights"))
        pts = np.full(k, 5, dtype=int) if self.item_points is None else _array(
            self.item_points, int, "item_points")
        if pts.shape != (k,):
            raise InputError(f"item_points: expected length {k}, got {pts.shape}")
        if np.any(pts < 2):
            raise InputError("item_points: every item needs at least 2 points")
        _set(self, "item_points", pts)
        if np.any(self.item_weights < 0) or not np.all(np.isfinite(self.item_weights)):
            raise InputError("item_weights: must be finite and ≥ 0")
        _set(self, "overall", _float_array(self.overall, (n,), np.nan, "overall"))
        if self.households is not None and int(self.households) <= 0:
            raise InputError("households: must be > 0")
        _set(self, "nps", _float_array(self.nps, (n,), np.nan, "nps"))
        _set(self, "groups", _object_array(self.groups, n, "groups"))
        if int(self.overall_points) < 2:
            raise InputError("overall_points: must be ≥ 2")

    @property
    def n_respondents(self) -> int:
        """Number of respondent rows."""
        return int(self.values.shape[0])


@dataclass(frozen=True, eq=False, kw_only=True)
class InspectionData:
    """Joint-inspection checklist scores in long format: one row per item per inspection."""

    inspection: np.ndarray
    dimension: np.ndarray
    max_points: np.ndarray
    awarded: np.ndarray
    pass_line: np.ndarray | None = None
    item_ids: np.ndarray | None = None
    rectifications_opened: int = 0
    rectifications_verified: int = 0

    def __post_init__(self) -> None:
        """Coerce and validate array lengths."""
        insp = _array(self.inspection, np.int64, "inspection")
        if insp.ndim != 1:
            raise InputError("inspection: must be 1-D")
        n = insp.shape[0]
        _set(self, "inspection", insp)
        _set(self, "dimension", _object_array(self.dimension, n, "dimension"))
        _set(self, "max_points", _float_array(self.max_points, (n,), np.nan, "max_points"))
        _set(self, "awarded", _float_array(self.awarded, (n,), np.nan, "awarded"))
        _set(self, "pass_line", _float_array(self.pass_line, (n,), np.nan, "pass_line"))
        _set(self, "item_ids", _object_array(self.item_ids, n, "item_ids"))
        if np.any(self.max_points <= 0) or np.any(~np.isfinite(self.max_points)):
            raise InputError("max_points: must be finite and > 0")
        bad = np.isfinite(self.awarded) & ((self.awarded < 0) | (self.awarded > self.max_points))
        if np.any(bad):
            raise InputError(f"awarded: row {int(np.argmax(bad))} outside [0, max_points]")
        if self.rectifications_opened < 0 or self.rectifications_verified < 0:
            raise InputError("rectifications: counts must be ≥ 0")


@dataclass(frozen=True, eq=False, kw_only=True)
class AssessmentData:
    """Third-party assessment: items × assessors points awarded (NaN = not applicable)."""

    item_ids: tuple[str, ...]
    item_dimensions: tuple[str, ...]
    max_points: np.ndarray
    scores: np.ndarray
    assessor_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        """Coerce and validate shapes."""
        k = _set_items(self)
        _set(self, "max_points", _float_array(self.max_points, (k,), np.nan, "max_points"))
        sc = _array(self.scores, float, "scores")
        if sc.ndim == 1 and k:
            sc = sc.reshape(k, -1)
        if sc.ndim != 2 or sc.shape[0] != k:
            raise InputError(f"scores: expected shape ({k}, n_assessors), got {sc.shape}")
        _set(self, "scores", sc)
        if np.any(self.max_points <= 0) or np.any(~np.isfinite(self.max_points)):
            raise InputError("max_points: must be finite and > 0")


@dataclass(frozen=True, eq=False, kw_only=True)
class TicketData:
    """Feedback / repair tickets, one entry per ticket (NaT = has not happened)."""

    received: np.ndarray
    acknowledged: np.ndarray | None = None
    dispatched: np.ndarray | None = None
    completed: np.ndarray | None = None
    ack_due: np.ndarray | None = None
    dispatch_due: np.ndarray | None = None
    complete_due: np.ndarray | None = None
    reopened: np.ndarray | None = None
    callback: np.ndarray | None = None
    dimension: np.ndarray | None = None
    department: np.ndarray | None = None
    period_end: np.datetime64 | None = None
    #: ticket type ('repair', 'complaint', 'suggestion', 'praise'; None unknown)
    kind: np.ndarray | None = None
    onsite: np.ndarray | None = None
    onsite_due: np.ndarray | None = None

    def __post_init__(self) -> None:
        """Coerce and validate array lengths."""
        rec = _array(self.received, "datetime64[s]", "received")
        if rec.ndim != 1:
            raise InputError("received: must be 1-D")
        n = rec.shape[0]
        _set(self, "received", rec)
        for name in ("acknowledged", "dispatched", "completed",
                     "ack_due", "dispatch_due", "complete_due", "onsite", "onsite_due"):
            _set(self, name, _dt_array(getattr(self, name), n, name))
        reo = np.zeros(n, bool) if self.reopened is None else _array(self.reopened, bool,
                                                                     "reopened")
        if reo.shape != (n,):
            raise InputError(f"reopened: expected length {n}")
        _set(self, "reopened", reo)
        _set(self, "callback", _float_array(self.callback, (n,), np.nan, "callback"))
        _set(self, "dimension", _object_array(self.dimension, n, "dimension"))
        _set(self, "department", _object_array(self.department, n, "department"))
        _set(self, "kind", _object_array(self.kind, n, "kind"))
        if self.period_end is not None:
            _set(self, "period_end", _array(self.period_end, "datetime64[s]", "period_end")[()])
