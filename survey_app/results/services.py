"""The results service: a period's sources → stats engine → cached, typed PeriodResult.

Public API (documented in docs/results.md):
  period_result(period, scheme_version=None) -> PeriodResult
  period_result_dict(period, scheme_version=None, intervals=True) -> dict   (JSON form)
  trend(community, scheme_version=None) -> list[TrendPoint]
  community_ranking(communities, period_label, scheme_version=None) -> list[RankingRow]
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..communities.models import Community, Period
from ..extensions import db
from ..sources import data_version as current_data_version
from ..sources import load_period_sources, load_source
from ..stats import InputError, PeriodResult, SchemeError, compute_period_result
from . import schemes
from .models import ResultCache, SchemeVersion
from .revive import period_result_from_dict
from .texts import gettext as _

#: the bootstrap seed is fixed, so the same data always gives the same intervals (M8)
BOOTSTRAP_SEED = 20261123
#: stats engine argument for each source name of survey_app.sources
SOURCE_ARGS = {"owner": "owner", "inspection": "inspection", "third_party": "third_party",
               "kpi": "tickets"}


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
    sources = load_period_sources(period.id)
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
    """
    version = scheme_version or schemes.active_version(period.community_id)
    data_version = current_data_version(period.id)
    wanted = (True,) if intervals else (True, False)
    cached = db.session.scalars(select(ResultCache).filter_by(
        period_id=period.id, scheme_sha256=version.sha256, data_version=data_version)
        .where(ResultCache.intervals.in_(wanted)).order_by(ResultCache.intervals.desc())).first()
    if cached is not None:
        return cached.result
    started = time.perf_counter()
    data = compute(period, version, bootstrap=intervals)
    data["meta"]["data_version"] = data_version
    _store(period.id, version, data_version, data, time.perf_counter() - started, intervals)
    return data


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


def period_result(period: Period, scheme_version: SchemeVersion | None = None) -> PeriodResult:
    """A period's PeriodResult for a scheme version (default: the community's active one)."""
    return period_result_from_dict(period_result_dict(period, scheme_version))


@dataclass(frozen=True)
class TrendPoint:
    """One period of a community's trend (result None with error set when not computable)."""

    period: Period
    result: PeriodResult | None
    error: str | None = None

    @property
    def composite(self) -> float | None:
        return self.result.composite.score if self.result else None


def trend(community: Community, scheme_version: SchemeVersion | None = None) -> list[TrendPoint]:
    """The community's periods in date order with their results under one scheme version."""
    version = scheme_version or schemes.active_version(community.id)
    periods = db.session.scalars(select(Period).where(Period.community_id == community.id)
                                 .order_by(Period.start_date))
    points = []
    for period in periods:
        try:
            points.append(TrendPoint(period, period_result(period, version)))
        except ResultError as exc:
            points.append(TrendPoint(period, None, str(exc)))
    return points


@dataclass(frozen=True)
class RankingRow:
    """A community's composite index in one period; rank None when it has no score."""

    community: Community
    period: Period | None
    result: PeriodResult | None
    rank: int | None
    error: str | None = None

    @property
    def composite(self) -> float | None:
        return self.result.composite.score if self.result else None


def community_ranking(communities: list[Community], period_label: str,
                      scheme_version: SchemeVersion | None = None) -> list[RankingRow]:
    """Communities ranked by composite index in the period with this label (best first).

    With scheme_version None each community uses its active scheme; pass one version to rank
    everyone on the same weights. Communities without the period or a score come last.
    """
    rows = []
    for community in communities:
        period = db.session.scalar(select(Period).filter_by(community_id=community.id,
                                                            label=period_label))
        result, error = None, None
        if period is not None:
            try:
                result = period_result(period, scheme_version)
            except ResultError as exc:
                error = str(exc)
        rows.append((community, period, result, error))
    scored = sorted((r for r in rows if r[2] and r[2].composite.score is not None),
                    key=lambda r: -r[2].composite.score)
    rest = [r for r in rows if not (r[2] and r[2].composite.score is not None)]
    out = [RankingRow(c, p, res, i, err) for i, (c, p, res, err) in enumerate(scored, start=1)]
    return out + [RankingRow(c, p, res, None, err) for c, p, res, err in rest]
