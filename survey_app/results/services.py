"""The results service: a period's sources → stats engine → cached, typed PeriodResult.

The only door to numbers: pages, reports, the notice board and the API read results here.
Public API (documented in docs/results.md):
  period_result(period, scheme_version=None, intervals=True) -> PeriodResult
  period_result_dict(period, scheme_version=None, intervals=True) -> dict   (JSON form)
  trend(period, limit=8, scheme_version=None) -> list[TrendPoint]
  ranking(community_ids, sort="composite") -> (list[RankRow], columns)
  item_tables(period) -> ItemTables;  report_numbers(period) -> ReportNumbers
  what_if(period, scheme_version) -> PeriodResult   (labelled; never stored as record)

A closed or published period with a result of record (records.py) is served from that
record whenever no scheme version is asked for: new weights, a new scheme or late data
change nothing. Asking for a scheme version computes afresh: a "what if" view.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..communities.models import Community, Period
from ..extensions import db
from ..stats import InputError, PeriodResult, SchemeError, compute_period_result
from ..stats.items import ItemTables
from ..stats.items import item_tables as compute_item_tables
from ..stats.result import METHOD_VERSION
from . import cells, comparability, hashing, records, schemes, weighting
from .data import data_version as current_data_version
from .data import load_period_sources, load_source
from .models import PeriodRecord, ResultCache, SchemeVersion
from .texts import gettext as _

#: the bootstrap seed is fixed, so the same data always gives the same intervals (M8)
BOOTSTRAP_SEED = 20261123
#: stats engine argument for each source name of survey_app.results.data
SOURCE_ARGS = {"owner": "owner", "inspection": "inspection", "third_party": "third_party",
               "kpi": "tickets", "internal": "internal"}
#: periods a trend shows: this one and up to seven before it
TREND_PERIODS = 8


class ResultError(ValueError):
    """The result cannot be computed (for example, the scheme does not fit the data)."""


def previous_period(period: Period) -> Period | None:
    """The community's period before this one (by start date)."""
    return db.session.scalar(
        select(Period).where(Period.community_id == period.community_id,
                             Period.start_date < period.start_date)
        .order_by(Period.start_date.desc()).limit(1))


def _previous_owner(period: Period):
    """Owner data of the previous period, for period-over-period tests (M9)."""
    before = previous_period(period)
    return load_source("owner", before.id) if before is not None else None


def compute(period: Period, version: SchemeVersion, bootstrap: bool = True) -> dict:
    """Compute a period's result without the cache; the JSON form with our meta added."""
    scheme = schemes.scheme_of(version)
    sources = load_period_sources(period.id, scheme.source_weights)
    kwargs = {SOURCE_ARGS[name]: data for name, data in sources.items()}
    try:
        result = compute_period_result(scheme, previous_owner=_previous_owner(period),
                                       bootstrap=bootstrap, seed=BOOTSTRAP_SEED, **kwargs)
    except SchemeError as exc:
        raise ResultError(_("The scheme %(scheme)s does not match this period's questionnaires: "
                            "%(detail)s", scheme=version.title, detail=str(exc))) from None
    except InputError as exc:
        raise ResultError(_("This period's data cannot be scored: %(detail)s",
                            detail=str(exc))) from None
    data = result.to_dict()
    data["meta"].update({
        "period_id": period.id, "period_label": period.label,
        "community_id": period.community_id, "sources_loaded": sorted(sources),
        "scheme_version": {"id": version.id, "key": version.key, "revision": version.revision,
                           "version": version.version, "label": version.label,
                           "sha256": version.sha256, "weight_method": version.weight_method,
                           "method_details": version.method_details},
    })
    return data


def period_result_dict(period: Period, scheme_version: SchemeVersion | None = None,
                       intervals: bool = True) -> dict:
    """A period's result as JSON, from the cache when the data and scheme are unchanged.

    intervals=False asks only for the point scores and tests of change (a trend's earlier
    periods): a cached full result still serves, otherwise the bootstrap is skipped.
    A closed period's result of record is served as stored unless a version is asked for.
    Groups under the community's minimum cell size are hidden here (results/cells.py), on
    the way out, so that every surface shows the same suppressed breakdown and neither the
    cache nor the record depends on k.
    """
    k = period.community.min_cell_size
    return cells.suppress(_unsuppressed_dict(period, scheme_version, intervals), k)


def _unsuppressed_dict(period: Period, scheme_version: SchemeVersion | None,
                       intervals: bool) -> dict:
    """The record of a closed period, or the cached or computed result, before suppression."""
    if scheme_version is None:
        record = records.current_record(period)
        if record is not None:
            return copy.deepcopy(record.result)  # suppression must not touch the frozen row
    version = scheme_version or schemes.active_version(period.community_id)
    data_version = current_data_version(period.id)
    wanted = (True,) if intervals else (True, False)
    cached = _cached(period.id, version.sha256, data_version, wanted)
    if cached is not None:
        return cached.result
    started = time.perf_counter()
    data = compute(period, version, bootstrap=intervals)
    data["meta"]["data_version"] = data_version
    _store(period.id, version, data_version, data, time.perf_counter() - started, intervals)
    return data


def _cached(period_id: int, sha256: str, data_version: int, wanted) -> ResultCache | None:
    """The cached result for the key, computed under the current METHOD version; rows of an
    older version are dropped, so an upgrade of the rules recomputes open periods once
    (results of record are never recomputed)."""
    rows = db.session.scalars(select(ResultCache).filter_by(
        period_id=period_id, scheme_sha256=sha256, data_version=data_version)
        .where(ResultCache.intervals.in_(wanted)).order_by(ResultCache.intervals.desc())).all()
    current = [r for r in rows
               if (r.result.get("meta") or {}).get("method_version") == METHOD_VERSION]
    for row in rows:
        if row not in current:
            db.session.delete(row)
    if len(current) < len(rows):
        db.session.flush()
    return current[0] if current else None


def _store(period_id: int, version: SchemeVersion, data_version: int, data: dict,
           seconds: float, intervals: bool) -> None:
    """Keep a result; a concurrent request that stored it first wins (same numbers)."""
    row = ResultCache(period_id=period_id, scheme_version_id=version.id,
                      scheme_sha256=version.sha256, data_version=data_version, result=data,
                      seconds=seconds, intervals=intervals)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        pass


def period_result(period: Period, scheme_version: SchemeVersion | None = None,
                  intervals: bool = True) -> PeriodResult:
    """A period's PeriodResult for a scheme version (default: the community's active one)."""
    return PeriodResult.from_dict(period_result_dict(period, scheme_version, intervals))


def what_if(period: Period, scheme_version: SchemeVersion) -> PeriodResult:
    """The period computed under another scheme version: for a labelled "what if" view only
    (never published, never stored as a record)."""
    data = period_result_dict(period, scheme_version)
    return PeriodResult.from_dict(dict(data, meta=dict(data["meta"], what_if=True)))


def result_to_record(period: Period) -> tuple[SchemeVersion, dict]:
    """What closing the period now would freeze: the active scheme version and its result."""
    version = schemes.active_version(period.community_id)
    return version, period_result_dict(period, version)


@dataclass(frozen=True)
class TrendPoint:
    """One period of a trend (result None with error set when not computable)."""

    period: Period
    result: PeriodResult | None
    error: str | None = None

    @property
    def composite(self) -> float | None:
        return self.result.composite.score if self.result else None


def trend(period: Period, limit: int = TREND_PERIODS,
          scheme_version: SchemeVersion | None = None,
          result: PeriodResult | None = None) -> list[TrendPoint]:
    """This period and up to ``limit - 1`` earlier ones of its community, oldest first.

    The trend shows earlier periods' scores and significant changes, not their intervals,
    so those are computed without the bootstrap unless a full result is cached already.
    An earlier period that cannot be scored is a point with its error; this one raises.
    ``result``, when given, is this period's point (a given revision of its record).
    """
    periods = sorted((p for p in period.community.periods
                      if p.start_date <= period.start_date), key=lambda p: p.start_date)
    points = []
    for p in periods[-limit:]:
        if p.id == period.id and result is not None:
            points.append(TrendPoint(p, result))
            continue
        try:
            points.append(TrendPoint(p, period_result(p, scheme_version, p.id == period.id)))
        except ResultError as exc:
            if p.id == period.id:
                raise
            points.append(TrendPoint(p, None, str(exc)))
    return points


@dataclass(frozen=True)
class RankRow:
    """One community's latest closed period against its previous one."""

    community: Community
    period: Period
    composite: float | None
    change: float | None
    grade: dict
    dimensions: dict[str, float | None] = field(default_factory=dict)
    dimension_changes: dict[str, float | None] = field(default_factory=dict)


def ranking(community_ids: set[int] | None, sort: str = "composite"
            ) -> tuple[list[RankRow], list[tuple[str, dict]]]:
    """Communities (None: all) best first by the composite or one dimension, with the change
    since their previous closed period; and the dimension columns (key, label map)."""
    query = select(Community).order_by(Community.name)
    if community_ids is not None:
        query = query.where(Community.id.in_(community_ids or [-1]))
    rows, columns = [], {}
    for community in db.session.scalars(query):
        periods = _latest_two(community.id)
        if periods:
            rows.append(_rank_row(community, periods, columns))
    def key(r):
        return r.composite if sort not in columns else r.dimensions.get(sort)
    rows.sort(key=lambda r: (key(r) is None, -(key(r) or 0), r.community.name))
    return rows, list(columns.items())


def _latest_two(community_id: int) -> list[Period]:
    return list(db.session.scalars(select(Period).where(
        Period.community_id == community_id, Period.status.in_(("closed", "published")))
        .order_by(Period.start_date.desc()).limit(2)))


def _rank_row(community: Community, periods: list[Period], columns: dict) -> RankRow:
    """A community's ranking row; adds its dimensions to the columns."""
    # the page shows point scores only: the bootstrap's intervals would be computed for nothing
    now = period_result(periods[0], intervals=False)
    before = period_result(periods[1], intervals=False) if len(periods) > 1 else None
    for key, d in now.dimensions.items():
        columns.setdefault(key, d.label)
    then = before.dimensions if before else {}
    return RankRow(
        community, periods[0], now.composite.score,
        _diff(now.composite.score, before.composite.score if before else None),
        now.composite.grade_label,
        {k: d.combined for k, d in now.dimensions.items()},
        {k: _diff(d.combined, then[k].combined if k in then else None)
         for k, d in now.dimensions.items()})


def _diff(a, b):
    return a - b if a is not None and b is not None else None


def item_tables(period: Period, sources: dict | None = None) -> ItemTables:
    """The period's item-level tables (owner, inspection and third-party items)."""
    sources = load_period_sources(period.id) if sources is None else sources
    return compute_item_tables(sources.get("owner"), sources.get("inspection"),
                               sources.get("third_party"))


@dataclass(frozen=True)
class ReportNumbers:
    """Every number a PDF report shows, with the hashes that make it checkable."""

    result: PeriodResult
    trend: list[TrendPoint]
    items: ItemTables
    ahp: list[dict]
    inputs_hash: str
    scheme_sha256: str
    numbers_hash: str
    #: where the trend loses comparability (questionnaires.diffing.TrendBreak)
    breaks: list = field(default_factory=list)


def report_numbers(period: Period, record: PeriodRecord | None = None) -> ReportNumbers:
    """The period's result, trend, item tables, AHP tables and hashes for its report
    (a closed period's from its result of record: nothing is recomputed).

    ``record`` names the revision to report (a publication's own, even after a reopen
    superseded it); without it, the record serving the period now, if any.
    """
    current = records.current_record(period)
    if record is None or (current is not None and record.id == current.id):
        record = current
        points = trend(period)
    else:  # a revision no longer serving the period, its small groups hidden as on its pages
        shown = cells.suppress(copy.deepcopy(record.result), period.community.min_cell_size)
        points = trend(period, result=PeriodResult.from_dict(shown))
    result = points[-1].result
    if record is not None:
        return ReportNumbers(result, points, records.items_from_dict(record.items),
                             weighting.ahp_tables(result), record.inputs_hash,
                             record.scheme_sha256, record.numbers_hash,
                             comparability.breaks_of(points))
    # once: the hash and the item tables share them
    sources = load_period_sources(period.id, result.scheme.get("source_weights"))
    return ReportNumbers(
        result, points, item_tables(period, sources), weighting.ahp_tables(result),
        hashing.inputs_hash(period, result.scheme, sources),
        hashing.canonical_hash(result.scheme), hashing.numbers_hash(result),
        comparability.breaks_of(points))
