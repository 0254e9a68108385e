"""Where reports get their numbers: the results service, and nothing else.

The dashboard, the PDF, the notice board and the API all call ``period_dict`` so that they
show exactly the same numbers (``PeriodResult.to_dict()``). While the results feature is not
installed, the same engine is called directly on the period's sources with the default scheme.
"""

from __future__ import annotations

import hashlib
import importlib
import json

import numpy as np

from ..communities.models import Period


def _results_services():
    try:
        return importlib.import_module("survey_app.results.services")
    except ModuleNotFoundError as exc:
        if exc.name and "survey_app.results.services".startswith(exc.name):
            return None
        raise


def as_dict(result) -> dict | None:
    """A PeriodResult (or an already plain dict) as the JSON-serialisable dict."""
    if result is None:
        return None
    return result if isinstance(result, dict) else result.to_dict()


def period_result(period: Period):
    """The PeriodResult of a period (cached by the results service)."""
    service = _results_services()
    if service is not None:
        return service.period_result(period)
    return _engine_result(period)


def period_dict(period: Period, intervals: bool = True) -> dict:
    """The period's numbers as one plain dict (what the API returns).

    The results service caches this dict; using it directly avoids rebuilding dataclasses
    only to serialise them again (PeriodResult.to_dict() of the same cache entry).
    intervals=False: the confidence intervals may be missing (see trend).
    """
    service = _results_services()
    if service is not None and hasattr(service, "period_result_dict"):
        return service.period_result_dict(period, intervals=intervals)
    return as_dict(period_result(period))


def _engine_result(period: Period):
    """Fallback before the results feature exists: the engine on the period's sources."""
    from ..sources import load_period_sources
    from ..stats.engine import compute_period_result
    from ..stats.inputs import DEFAULT_SCHEME

    data = load_period_sources(period.id)
    return compute_period_result(DEFAULT_SCHEME, owner=data.get("owner"),
                                 inspection=data.get("inspection"),
                                 third_party=data.get("third_party"), tickets=data.get("kpi"))


def trend(period: Period, limit: int = 8) -> list[tuple[Period, dict]]:
    """This and up to ``limit - 1`` earlier periods of the community with their numbers.

    The trend shows earlier periods' scores and significant changes, not their intervals,
    so those are computed without the bootstrap unless a full result is cached already.
    """
    periods = [p for p in period.community.periods if p.start_date <= period.start_date]
    periods.sort(key=lambda p: p.start_date)
    return [(p, period_dict(p, intervals=p.id == period.id)) for p in periods[-limit:]]


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


def inputs_hash(period: Period, scheme: dict, sources: dict | None = None) -> str:
    """sha256 over the scheme and every source's data of the period (loaded when not given)."""
    from ..sources import load_period_sources

    if sources is None:
        sources = load_period_sources(period.id)
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
            if value.dtype == object:
                digest.update(json.dumps([str(v) for v in value.tolist()]).encode())
            else:
                digest.update(str(value.dtype).encode() + str(value.shape).encode())
                digest.update(np.ascontiguousarray(value).tobytes())
        elif isinstance(value, dict):
            digest.update(json.dumps(value, sort_keys=True, default=str).encode())
        else:
            digest.update(repr(value).encode())
