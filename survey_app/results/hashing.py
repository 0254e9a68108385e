"""Hashes that make a result checkable: over its inputs, its scheme and its numbers.

A report stores them so that a regenerated report can show it reproduced the same numbers
from the same data (``inputs_hash`` changes with any owner answer, ``numbers_hash`` with
any number of the result).
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from ..communities.models import Period
from ..stats import PeriodResult
from .data import load_period_sources


def canonical_hash(value) -> str:
    """sha256 of a JSON value with sorted keys (floats rounded to 10 significant digits)."""
    return hashlib.sha256(json.dumps(_round(value), sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode()).hexdigest()


def _round(value):
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {str(k): _round(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


def numbers_hash(result: PeriodResult) -> str:
    """sha256 over a result's numbers, without run metadata that may differ between runs."""
    return canonical_hash({k: v for k, v in result.to_dict().items() if k != "meta"})


def inputs_hash(period: Period, scheme: dict, sources: dict | None = None) -> str:
    """sha256 over the scheme and every source's data of the period (loaded when not given)."""
    if sources is None:
        sources = load_period_sources(period.id, scheme.get("source_weights"))
    digest = hashlib.sha256(canonical_hash(scheme).encode())
    for name, data in sorted(sources.items()):
        digest.update(name.encode())
        _hash_object(digest, data)
    return digest.hexdigest()


def _hash_object(digest, data) -> None:
    """Feed a source container's fields into the digest in a stable order."""
    fields = getattr(data, "__dataclass_fields__", None)
    if fields is None:
        digest.update(repr(data).encode())
        return
    for name in sorted(fields):
        value = getattr(data, name)
        digest.update(name.encode())
        if isinstance(value, np.ndarray):
            _hash_array(digest, value)
        elif isinstance(value, dict):
            digest.update(json.dumps(value, sort_keys=True, default=str).encode())
        else:
            digest.update(repr(value).encode())


def _hash_array(digest, value: np.ndarray) -> None:
    """An array's values (objects as their JSON strings) with its type and shape."""
    if value.dtype == object:
        digest.update(json.dumps([str(v) for v in value.tolist()]).encode())
    else:
        digest.update(str(value.dtype).encode() + str(value.shape).encode())
        digest.update(np.ascontiguousarray(value).tobytes())
