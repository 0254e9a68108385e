"""Where the results service finds each source's data for a period.

Each loader takes a period id and returns the matching ``survey_app.stats.inputs`` container
(OwnerData, InspectionData, AssessmentData, TicketData) built with one bulk query, or None
when the period has no data from that source. Feature packages own their loader; only the
results package calls them (through ``load_source``).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from flask import g, has_app_context, has_request_context
from sqlalchemy import select

from ..assessments.data import load_assessment_data
from ..communities.models import Period
from ..extensions import db
from ..feedback.data import load_ticket_data
from ..inspections.data import load_inspection_data, load_internal_data
from ..surveys.data import load_owner_data

LOADERS = {
    "owner": load_owner_data,
    "inspection": load_inspection_data,
    "third_party": load_assessment_data,
    "kpi": load_ticket_data,
}

#: sources loaded only for a scheme that names them (a weight of 0 shows their scores beside
#: the others without using them): internal inspections (品质部); a scheme without them
#: computes, hashes and records exactly what it did before
OPTIONAL_LOADERS = {"internal": load_internal_data}


#: loads a request keeps: every source of two periods (this one and the previous), so that
#: 50,000 owners' answers are held at most twice, about 20 MB
MEMO_ENTRIES = 2 * len(LOADERS)


def load_source(source: str, period_id: int, version: int | None = None):
    """A source's data for a period (None without any), loaded at most once per request or
    background task (survey_app.jobs sets ``g.memoize_loads`` for each task).

    A report computes this period's result, which loads the previous period too, computes
    the previous period's, and loads this period again for its tables: the same 50,000
    owners three times. The memo lives in the request's ``g`` and is keyed by the period's
    data version, so data changed within the request is loaded afresh; its arrays are made
    read-only so that no caller can change what another one reads.
    """
    load = LOADERS.get(source) or OPTIONAL_LOADERS[source]
    if not (has_request_context() or (has_app_context() and g.get("memoize_loads"))):
        return load(period_id)
    memo = g.setdefault("source_memo", {})
    key = (source, period_id, data_version(period_id) if version is None else version)
    if key in memo:
        memo[key] = memo.pop(key)  # most recently used last
    else:
        memo[key] = _read_only(load(period_id))
        while len(memo) > MEMO_ENTRIES:  # a trend over 8 cold periods keeps only the last
            memo.pop(next(iter(memo)))
    return memo[key]


def forget_loaded() -> None:
    """Drop what this request has loaded (a benchmark's runs each start as a new request)."""
    if has_request_context():
        g.pop("source_memo", None)


def load_period_sources(period_id: int, weights: dict | None = None) -> dict[str, object]:
    """Every available source's data for a period (absent sources are left out); optional
    sources only where the scheme's source ``weights`` name them."""
    out = {}
    wanted = [s for s in OPTIONAL_LOADERS if s in (weights or {})]
    version = data_version(period_id)  # one look for every source: they load in one go
    for source in [*LOADERS, *wanted]:
        data = load_source(source, period_id, version)
        if data is not None:
            out[source] = data
    return out


def data_version(period_id: int) -> int:
    """The period's data version as stored now (touch_period updates it in SQL)."""
    return int(db.session.scalar(select(Period.data_version).where(Period.id == period_id)))


def _read_only(data):
    """The container with its NumPy arrays (and arrays in dict fields) made read-only."""
    if data is None or not dataclasses.is_dataclass(data):
        return data
    for field in dataclasses.fields(data):
        value = getattr(data, field.name)
        for array in (value.values() if isinstance(value, dict) else (value,)):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
    return data
