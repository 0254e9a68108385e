"""The results service on real owner responses: numbers, cache, snapshots, helpers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.communities.services import touch_period
from survey_app.extensions import db
from survey_app.results import schemes, services, weighting
from survey_app.results.models import FrozenSchemeError, ResultCache, SchemeVersion
from tests.fixtures.factories import make_community, make_period


def cache_rows() -> int:
    return db.session.scalar(select(func.count(ResultCache.id)))


def test_owner_scores_follow_method_m1_m2(scored_period):
    result = services.period_result(scored_period)
    cleaning = result.dimensions["cleaning"]
    # items 5, 3, 4 → 100, 50, 75 (M1); dimension mean over respondents (M2)
    assert cleaning.owner.score == pytest.approx(75.0)
    assert cleaning.owner.n == 3
    assert cleaning.owner.satisfaction.successes == 10  # 5 items × (5 and 4)
    assert cleaning.owner.satisfaction.n == 15
    # only the owner survey has data: C_d = S_owner,d, the other sources are reported missing
    assert cleaning.combined == pytest.approx(75.0)
    assert set(cleaning.sources_missing) == {"inspection", "third_party"}
    assert result.composite.score == pytest.approx(75.0)
    assert result.composite.grade == "pass"
    low, high = result.composite.ci
    assert low < 75 < high
    assert result.meta["sources_loaded"] == ["owner"]


def test_not_applicable_is_excluded_not_zero(period, owners):
    owners.add(period, [owners.uniform(5), owners.uniform("na"), owners.uniform(3)])
    db.session.commit()
    result = services.period_result(period)
    assert result.dimensions["greening"].owner.score == pytest.approx(75.0)
    assert result.dimensions["greening"].owner.n == 2


def test_result_is_cached_and_touch_period_invalidates_it(scored_period, owners):
    first = services.period_result(scored_period)
    db.session.commit()
    assert cache_rows() == 1
    again = services.period_result(scored_period)
    assert cache_rows() == 1
    assert again.to_dict() == first.to_dict()

    owners.add(scored_period, [owners.uniform(1)])  # calls touch_period
    db.session.commit()
    changed = services.period_result(scored_period)
    db.session.commit()
    assert cache_rows() == 2
    assert changed.dimensions["cleaning"].owner.n == 4
    assert changed.dimensions["cleaning"].owner.score == pytest.approx(225 / 4)


def test_touch_period_alone_recomputes(scored_period):
    services.period_result(scored_period)
    touch_period(scored_period.id)
    services.period_result(scored_period)
    db.session.commit()
    versions = set(db.session.scalars(select(ResultCache.data_version)))
    assert len(versions) == 2


def test_cached_and_fresh_results_are_identical(scored_period):
    version = schemes.active_version(scored_period.community_id)
    fresh = services.compute(scored_period, version)
    fresh["meta"]["data_version"] = fresh["meta"]["data_version"] if "data_version" in \
        fresh["meta"] else scored_period.data_version
    cached = services.period_result(scored_period).to_dict()
    assert cached["dimensions"] == fresh["dimensions"]
    assert cached["composite"] == fresh["composite"]


def test_a_scheme_change_never_rewrites_an_old_result(scored_period):
    old_version = schemes.active_version(scored_period.community_id)
    old = services.period_result(scored_period)
    db.session.commit()
    assert old.scheme["dimensions"][0]["weight"] == pytest.approx(0.2)

    weights = {"cleaning": 6, "greening": 1, "security": 1, "facilities": 1, "service": 1}
    new_version = weighting.save_direct(scored_period.community_id, old_version, "_root", weights)
    db.session.commit()
    assert new_version.id != old_version.id
    assert schemes.active_version(scored_period.community_id).id == new_version.id

    now = services.period_result(scored_period)
    assert now.scheme["dimensions"][0]["weight"] == pytest.approx(0.6)
    assert now.meta["scheme_version"]["id"] == new_version.id
    # the old result is still there, with the scheme snapshot it was computed with
    again = services.period_result(scored_period, old_version)
    assert again.scheme == old.scheme
    assert again.meta["scheme_version"]["sha256"] == old_version.sha256
    stored = db.session.scalars(select(ResultCache).order_by(ResultCache.id)).all()
    assert [r.scheme_version_id for r in stored] == [old_version.id, new_version.id]


def test_stored_scheme_versions_are_frozen(period):
    version = schemes.ensure_default()
    db.session.commit()
    version.definition = {**version.definition, "key": "changed"}
    with pytest.raises(FrozenSchemeError):
        db.session.flush()
    db.session.rollback()


def test_tree_scheme_scores_service_quality_from_its_children(scored_period):
    stored = schemes.publish_files()
    db.session.commit()
    tree = next(v for v, _created in stored if v.key == "gbt45698")
    result = services.period_result(scored_period, tree)
    assert result.nodes["quality"].score == pytest.approx(75.0)
    # brand, expectation and value have no data: missing, never 0, and normalised away
    assert result.nodes["brand"].score is None
    assert result.composite.score == pytest.approx(75.0)
    assert set(result.composite.missing_dimensions) == {"brand", "expectation", "value"}


def test_trend_and_ranking(community, scored_period, owners):
    later = make_period(community, label="2027-Q1", start=scored_period.end_date.replace(
        year=2027, month=1, day=1), end=scored_period.end_date.replace(year=2027, month=3, day=31))
    owners.add(later, [owners.uniform(5), owners.uniform(4)])
    other = make_community(name="第二小区", code="second", buildings=1)
    other_period = make_period(other, label="2026-Q4")
    owners.add(other_period, [owners.uniform(5), owners.uniform(4), owners.uniform(5)])
    db.session.commit()

    points = services.trend(later)
    assert [p.period.label for p in points] == ["2026-Q4", "2027-Q1"]
    assert [round(p.composite, 6) for p in points] == [75.0, 87.5]
    # the later period is compared with the earlier one (M9)
    assert points[1].result.deltas["cleaning"].delta == pytest.approx(12.5)

    empty = make_community(name="空小区", code="empty", buildings=1)
    make_period(empty, label="2026-Q4", status="closed")
    for period in (scored_period, other_period):
        period.status = "closed"  # the ranking compares closed periods
    db.session.commit()
    rows, columns = services.ranking(None)
    assert [(r.community.code, r.period.label) for r in rows] == [
        ("second", "2026-Q4"), ("test", "2026-Q4"), ("empty", "2026-Q4")]
    assert rows[0].composite == pytest.approx(275 / 3)
    assert rows[1].composite == pytest.approx(75.0) and rows[2].composite is None
    assert "cleaning" in dict(columns)
    only = services.ranking({community.id})[0]
    assert [r.community.code for r in only] == ["test"]


def test_scheme_that_does_not_fit_the_questionnaire_is_a_clear_error(scored_period):
    from survey_app.stats import Scheme

    wrong = Scheme.from_dict({"key": "wrong", "dimensions": [
        {"key": "hygiene", "weight": 1}, {"key": "gardens", "weight": 1}]})
    version, _created = schemes.store(wrong)
    with pytest.raises(services.ResultError) as caught:
        services.period_result(scored_period, version)
    assert "cleaning" in str(caught.value)
    assert cache_rows() == 0


def test_scheme_files_publish_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["schemes", "publish"])
    assert first.exit_code == 0, first.output
    assert "published: default r1" in first.output
    assert "published: gbt45698 r1" in first.output
    second = runner.invoke(args=["schemes", "publish"])
    assert "unchanged: default r1" in second.output
    assert db.session.scalar(select(func.count(SchemeVersion.id))) == 2


def test_results_without_intervals_serve_trends_and_never_replace_a_full_result(
        community, scored_period, owners):
    """An earlier period in a trend needs its scores and tests of change, not its intervals."""
    later = make_period(community, label="2027-Q1", start=scored_period.end_date.replace(
        year=2027, month=1, day=1), end=scored_period.end_date.replace(year=2027, month=3, day=31))
    owners.add(later, [owners.uniform(5), owners.uniform(4)])
    db.session.commit()
    trend = services.trend(later)
    db.session.commit()
    (before, earlier), (now, current) = ((p.period, p.result.to_dict()) for p in trend)
    assert (before.id, now.id) == (scored_period.id, later.id)
    assert earlier["meta"]["bootstrap"] is False and current["meta"]["bootstrap"] is True
    assert current["composite"]["ci"] and not earlier["composite"]["ci"]
    assert current["deltas"]["cleaning"]["delta"] == pytest.approx(12.5)
    rows = {(r.period_id, r.intervals) for r in db.session.scalars(select(ResultCache))}
    assert rows == {(scored_period.id, False), (later.id, True)}

    full = services.period_result_dict(scored_period)  # the dashboard of the earlier period
    db.session.commit()
    assert full["meta"]["bootstrap"] is True and full["composite"]["ci"]
    assert full["composite"]["score"] == earlier["composite"]["score"]
    assert {k: d["combined"] for k, d in full["dimensions"].items()} == {
        k: d["combined"] for k, d in earlier["dimensions"].items()}
    # from now on the full result serves the trend as well
    assert services.period_result_dict(scored_period, intervals=False) == full
    assert cache_rows() == 3


def test_sources_are_loaded_once_per_request_and_data_version(scored_period, owners):
    from survey_app.results.data import load_period_sources, load_source

    first = load_source("owner", scored_period.id)
    assert load_period_sources(scored_period.id)["owner"] is first
    with pytest.raises(ValueError):
        first.values[0, 0] = 1.0  # what one caller reads, no other can change
    owners.add(scored_period, [owners.uniform(1)])  # touches the period
    db.session.commit()
    again = load_source("owner", scored_period.id)
    assert again is not first and again.n_respondents == first.n_respondents + 1


def test_the_source_memo_keeps_only_the_most_recent_loads(community, scored_period, owners,
                                                          monkeypatch):
    from survey_app.results import data as sources

    monkeypatch.setattr(sources, "MEMO_ENTRIES", 2)
    later = make_period(community, label="2027-Q1", start=scored_period.end_date.replace(
        year=2027, month=1, day=1), end=scored_period.end_date.replace(year=2027, month=3, day=31))
    owners.add(later, [owners.uniform(5)])
    db.session.commit()
    first = sources.load_source("owner", scored_period.id)
    sources.load_source("owner", later.id)
    assert sources.load_source("owner", scored_period.id) is first  # used again: kept
    sources.load_source("inspection", later.id)
    sources.load_source("third_party", later.id)  # two newer loads: the first one goes
    assert sources.load_source("owner", scored_period.id) is not first
