"""The scoring scheme: dimension tree, weights, source weights and grade bands (M5–M7)."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

#: "internal": the company's own inspections (品质部); a scheme without it weights it 0
SOURCES = ("owner", "inspection", "third_party", "kpi", "internal")
WEIGHT_METHODS = ("direct", "ahp", "entropy")
ROOT = "_root"


class SchemeError(ValueError):
    """Raised when a scheme is invalid; the message starts with the offending path."""


@dataclass(frozen=True)
class DimensionNode:
    """A node of the dimension tree; leaves are dimension keys used by questionnaire items."""

    key: str
    label: dict[str, str]
    weight: float
    children: tuple[DimensionNode, ...] = ()

    @property
    def is_leaf(self) -> bool:
        """True when the node has no children."""
        return not self.children

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form."""
        d: dict[str, Any] = {"key": self.key, "label": dict(self.label), "weight": self.weight}
        if self.children:
            d["children"] = [c.to_dict() for c in self.children]
        return d


@dataclass(frozen=True)
class Band:
    """A grade band: scores ≥ min_score (and below the next band up) get this grade."""

    key: str
    label: dict[str, str]
    min_score: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form."""
        return {"key": self.key, "label": dict(self.label), "min_score": self.min_score}


DEFAULT_BANDS = (
    Band("excellent", {"zh_CN": "优秀", "en": "Excellent"}, 90.0),
    Band("good", {"zh_CN": "良好", "en": "Good"}, 80.0),
    Band("pass", {"zh_CN": "合格", "en": "Pass"}, 60.0),
    Band("fail", {"zh_CN": "不合格", "en": "Fail"}, 0.0),
)
DEFAULT_SOURCE_WEIGHTS = {"owner": 0.4, "inspection": 0.3, "third_party": 0.3}


@dataclass(frozen=True)
class Scheme:
    """Dimensions (tree), weights, source weights and grade bands a result is computed with."""

    key: str
    version: str
    dimensions: tuple[DimensionNode, ...]
    source_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_SOURCE_WEIGHTS))
    bands: tuple[Band, ...] = DEFAULT_BANDS
    kpi_to_service: bool = False
    weight_method: str = "direct"
    label: dict[str, str] = field(default_factory=dict)
    ahp: dict[str, list[list[float]]] = field(default_factory=dict)
    service_dimension: str = "service"

    def __post_init__(self) -> None:
        """Validate via the dict validator; with weight_method 'ahp' derive weights from `ahp`."""
        _validate(self.to_dict())
        if self.weight_method == "ahp":
            object.__setattr__(self, "dimensions", _apply_ahp(self.dimensions, self.ahp))

    @classmethod
    def from_dict(cls, d: Any) -> Scheme:
        """Build a scheme from a plain dict (YAML form); raises SchemeError naming the path."""
        return _parse_scheme(d)

    def to_dict(self) -> dict[str, Any]:
        """Plain, YAML/JSON-serialisable dict."""
        d: dict[str, Any] = {
            "key": self.key,
            "version": self.version,
            "label": dict(self.label),
            "weight_method": self.weight_method,
            "source_weights": dict(self.source_weights),
            "kpi_to_service": self.kpi_to_service,
            "service_dimension": self.service_dimension,
            "dimensions": [n.to_dict() for n in self.dimensions],
            "bands": [b.to_dict() for b in self.bands],
        }
        if self.ahp:
            d["ahp"] = {k: [list(map(float, r)) for r in m] for k, m in self.ahp.items()}
        return d

    def leaves(self) -> tuple[DimensionNode, ...]:
        """All leaf nodes, depth first."""
        return tuple(_iter_leaves(self.dimensions))

    def leaf_keys(self) -> tuple[str, ...]:
        """Keys of all leaves, depth first."""
        return tuple(n.key for n in self.leaves())

    def nodes(self) -> tuple[DimensionNode, ...]:
        """All nodes, depth first (parents before children)."""
        out: list[DimensionNode] = []

        def walk(ns: tuple[DimensionNode, ...]) -> None:
            for n in ns:
                out.append(n)
                walk(n.children)
        walk(self.dimensions)
        return tuple(out)

    def global_weights(self) -> dict[str, float]:
        """Leaf weights multiplied down the tree, each sibling set normalised to sum 1."""
        out: dict[str, float] = {}

        def walk(ns: tuple[DimensionNode, ...], parent: float) -> None:
            tot = sum(n.weight for n in ns)
            for n in ns:
                w = parent * n.weight / tot
                if n.children:
                    walk(n.children, w)
                else:
                    out[n.key] = w
        walk(self.dimensions, 1.0)
        return out

    def grade(self, score: float | None) -> Band | None:
        """The band of a 0–100 score (None when the score is missing)."""
        if score is None or not np.isfinite(score):
            return None
        for b in sorted(self.bands, key=lambda b: -b.min_score):
            if score >= b.min_score:
                return b
        return None


def _iter_leaves(nodes: tuple[DimensionNode, ...]):
    """Yield leaves depth first."""
    for n in nodes:
        if n.children:
            yield from _iter_leaves(n.children)
        else:
            yield n


def _label(v: Any, path: str) -> dict[str, str]:
    """Normalise a label: a string becomes {'zh_CN': s}; a dict must map str → str."""
    if v is None:
        return {}
    if isinstance(v, str):
        return {"zh_CN": v}
    if isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str)
                                   for k, x in v.items()):
        return dict(v)
    raise SchemeError(f"{path}: must be a string or a mapping of language → string")


def _number(v: Any, path: str) -> float:
    """A finite float, or SchemeError."""
    if isinstance(v, bool):
        raise SchemeError(f"{path}: must be a number")
    try:
        x = float(Fraction(v)) if isinstance(v, str) else float(v)
    except (TypeError, ValueError, ZeroDivisionError):
        raise SchemeError(f"{path}: must be a number") from None
    if not np.isfinite(x):
        raise SchemeError(f"{path}: must be finite")
    return x


def _parse_nodes(items: Any, path: str, seen: set[str]) -> tuple[DimensionNode, ...]:
    """Parse a list of dimension nodes recursively."""
    if not isinstance(items, (list, tuple)) or not items:
        raise SchemeError(f"{path}: must be a non-empty list")
    out = []
    for i, it in enumerate(items):
        p = f"{path}[{i}]"
        if isinstance(it, DimensionNode):
            it = it.to_dict()
        if not isinstance(it, dict):
            raise SchemeError(f"{p}: must be a mapping")
        key = it.get("key")
        if not isinstance(key, str) or not key.strip():
            raise SchemeError(f"{p}.key: required non-empty string")
        if key in seen or key == ROOT:
            raise SchemeError(f"{p}.key: duplicate or reserved key '{key}'")
        seen.add(key)
        w = _number(it.get("weight", 1.0), f"{p}.weight")
        if w < 0:
            raise SchemeError(f"{p}.weight: must be ≥ 0")
        kids = it.get("children") or ()
        children = _parse_nodes(kids, f"{p}.children", seen) if kids else ()
        out.append(DimensionNode(key, _label(it.get("label"), f"{p}.label"), w, children))
    if sum(n.weight for n in out) <= 0:
        raise SchemeError(f"{path}: weights must not all be zero")
    return tuple(out)


def _parse_bands(items: Any) -> tuple[Band, ...]:
    """Parse grade bands (any order; stored highest first)."""
    if items is None:
        return DEFAULT_BANDS
    if not isinstance(items, (list, tuple)) or not items:
        raise SchemeError("bands: must be a non-empty list")
    out, keys = [], set()
    for i, b in enumerate(items):
        if isinstance(b, Band):
            b = b.to_dict()
        if not isinstance(b, dict):
            raise SchemeError(f"bands[{i}]: must be a mapping")
        key = b.get("key")
        if not isinstance(key, str) or not key or key in keys:
            raise SchemeError(f"bands[{i}].key: required unique string")
        keys.add(key)
        ms = _number(b.get("min_score"), f"bands[{i}].min_score")
        if not 0 <= ms <= 100:
            raise SchemeError(f"bands[{i}].min_score: must be within 0–100")
        out.append(Band(key, _label(b.get("label"), f"bands[{i}].label"), ms))
    out.sort(key=lambda b: -b.min_score)
    if len({b.min_score for b in out}) != len(out):
        raise SchemeError("bands: min_score values must be distinct")
    if out[-1].min_score != 0:
        raise SchemeError("bands: the lowest band must start at 0")
    return tuple(out)


def _parse_source_weights(v: Any) -> dict[str, float]:
    """Parse and validate source weights."""
    if v is None:
        return dict(DEFAULT_SOURCE_WEIGHTS)
    if not isinstance(v, dict) or not v:
        raise SchemeError("source_weights: must be a non-empty mapping")
    out = {}
    for k, x in v.items():
        if k not in SOURCES:
            raise SchemeError(f"source_weights.{k}: unknown source (expected one of "
                              f"{', '.join(SOURCES)})")
        out[k] = _number(x, f"source_weights.{k}")
        if out[k] < 0:
            raise SchemeError(f"source_weights.{k}: must be ≥ 0")
    if sum(out.values()) <= 0:
        raise SchemeError("source_weights: weights must not all be zero")
    return out


def _parse_ahp(v: Any, dims: tuple[DimensionNode, ...]) -> dict[str, list[list[float]]]:
    """Parse AHP matrices keyed by parent node key ('_root' for the top level)."""
    if not v:
        return {}
    if not isinstance(v, dict):
        raise SchemeError("ahp: must be a mapping of parent key → matrix")
    parents = {ROOT: dims}
    parents.update({n.key: n.children for n in _all_nodes(dims) if n.children})
    out = {}
    for k, m in v.items():
        if k not in parents:
            raise SchemeError(f"ahp.{k}: no dimension node with children has this key")
        if not isinstance(m, (list, tuple)):
            raise SchemeError(f"ahp.{k}: must be a square matrix (list of rows)")
        rows = []
        for i, r in enumerate(m):
            if not isinstance(r, (list, tuple)):
                raise SchemeError(f"ahp.{k}[{i}]: must be a list")
            rows.append([_number(x, f"ahp.{k}[{i}][{j}]") for j, x in enumerate(r)])
        out[k] = rows
    return out


def _all_nodes(dims: tuple[DimensionNode, ...]) -> list[DimensionNode]:
    """All nodes of a node tuple, depth first."""
    out: list[DimensionNode] = []
    for n in dims:
        out.append(n)
        out.extend(_all_nodes(n.children))
    return out


def _apply_ahp(dims: tuple[DimensionNode, ...], ahp: dict[str, list[list[float]]],
               parent: str = ROOT) -> tuple[DimensionNode, ...]:
    """Replace sibling weights by AHP weights where a matrix is given for their parent."""
    from .weights import WeightsError, ahp_weights

    new = list(dims)
    if parent in ahp:
        try:
            res = ahp_weights(ahp[parent], labels=[n.key for n in dims])
        except WeightsError as e:
            raise SchemeError(f"ahp.{parent}: {e}") from None
        new = [DimensionNode(n.key, n.label, float(w), n.children)
               for n, w in zip(dims, res.weights, strict=True)]
    return tuple(DimensionNode(n.key, n.label, n.weight, _apply_ahp(n.children, ahp, n.key))
                 if n.children else n for n in new)


def _validate(d: dict[str, Any]) -> None:
    """Validate a scheme dict (raises SchemeError)."""
    _parse_scheme(d, build=False)


def _parse_scheme(d: Any, build: bool = True) -> Scheme:
    """Parse a scheme dict; with build=False only validates."""
    if not isinstance(d, dict):
        raise SchemeError("scheme: must be a mapping")
    key, version = d.get("key"), d.get("version", "1")
    if not isinstance(key, str) or not key.strip():
        raise SchemeError("key: required non-empty string")
    if not isinstance(version, (str, int, float)) or isinstance(version, bool):
        raise SchemeError("version: must be a string")
    method = d.get("weight_method", "direct")
    if method not in WEIGHT_METHODS:
        raise SchemeError(f"weight_method: must be one of {', '.join(WEIGHT_METHODS)}")
    dims = _parse_nodes(d.get("dimensions"), "dimensions", set())
    ahp = _parse_ahp(d.get("ahp"), dims)
    if method == "ahp":
        if not ahp:
            raise SchemeError("ahp: weight_method 'ahp' needs at least one pairwise matrix")
        dims = _apply_ahp(dims, ahp)
    kts = d.get("kpi_to_service", False)
    if not isinstance(kts, bool):
        raise SchemeError("kpi_to_service: must be true or false")
    svc = d.get("service_dimension", "service")
    if not isinstance(svc, str):
        raise SchemeError("service_dimension: must be a string")
    sw = _parse_source_weights(d.get("source_weights"))
    if kts and sw.get("kpi", 0) <= 0:
        raise SchemeError("source_weights.kpi: a positive weight is required when "
                          "kpi_to_service is true")
    if kts and svc not in {n.key for n in _all_nodes(dims) if not n.children}:
        raise SchemeError(f"service_dimension: '{svc}' is not a leaf dimension of the scheme")
    bands = _parse_bands(d.get("bands"))
    label = _label(d.get("label"), "label")
    if not build:
        return None  # type: ignore[return-value]
    return Scheme(key=key, version=str(version), dimensions=dims, source_weights=sw,
                  bands=bands, kpi_to_service=kts, weight_method=method, label=label,
                  ahp=ahp, service_dimension=svc)


def check_scheme_against(scheme: Scheme, dimension_keys: Any,
                         allow_unused_leaves: bool = False) -> None:
    """Raise SchemeError when scheme leaves and questionnaire dimension keys do not match."""
    keys = {k for k in dimension_keys if k}
    leaves = set(scheme.leaf_keys())
    internal = {n.key for n in scheme.nodes() if n.children}
    unknown = sorted(keys - leaves)
    missing = [] if allow_unused_leaves else sorted(leaves - keys)
    parts = []
    bad_internal = sorted(keys & internal)
    if bad_internal:
        parts.append("questionnaire items point at non-leaf dimensions: " + ", ".join(bad_internal))
        unknown = [k for k in unknown if k not in internal]
    if unknown:
        parts.append("dimensions not in the scheme: " + ", ".join(unknown))
    if missing:
        parts.append("scheme dimensions with no questionnaire items: " + ", ".join(missing))
    if parts:
        raise SchemeError(f"scheme '{scheme.key}': " + "; ".join(parts))


DEFAULT_SCHEME = Scheme(
    key="default",
    version="1",
    label={"zh_CN": "默认五维度方案", "en": "Default five-dimension scheme"},
    dimensions=(
        DimensionNode("cleaning", {"zh_CN": "清洁卫生", "en": "Cleaning"}, 0.2),
        DimensionNode("greening", {"zh_CN": "绿化养护", "en": "Greening"}, 0.2),
        DimensionNode("security", {"zh_CN": "秩序维护", "en": "Security"}, 0.2),
        DimensionNode("facilities", {"zh_CN": "设施设备", "en": "Facilities"}, 0.2),
        DimensionNode("service", {"zh_CN": "客户服务", "en": "Customer service"}, 0.2),
    ),
    source_weights=dict(DEFAULT_SOURCE_WEIGHTS),
)
