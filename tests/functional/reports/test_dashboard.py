"""Results dashboard and company ranking."""

from __future__ import annotations

from datetime import date

from survey_app.extensions import db
from tests.fixtures.factories import make_period


def test_dashboard_shows_the_numbers_and_charts(as_role, scored, results):
    client = as_role("assessor")
    response = client.get(f"/results/{scored.community_id}/{scored.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    result = results[scored.id]
    assert f"{result['composite']['score']:.1f}" in html
    assert f"{result['dimensions']['cleaning']['combined']:.1f}" in html
    assert html.count("<svg") >= 4  # dimensions, trend, IPA, buildings
    assert "清洁卫生" in html and "1号楼" in html


def test_dashboard_of_a_period_without_data(as_role, period):
    response = as_role("staff").get(f"/results/{period.community_id}/{period.id}")
    assert response.status_code == 200
    assert "—" in response.get_data(as_text=True)


def test_period_of_another_community_is_not_found(as_role, scored, other_community):
    response = as_role("staff").get(f"/results/{other_community.id}/{scored.id}")
    assert response.status_code == 404


def test_committee_of_another_community_is_refused(as_role, other_community, results):
    period = make_period(other_community)
    db.session.commit()
    assert as_role("committee").get(f"/results/{other_community.id}/{period.id}") \
        .status_code == 403


def test_ranking_orders_communities_and_shows_change(as_role, scored, results,
                                                     other_community):
    from tests.fixtures import sample

    period = make_period(other_community, status="closed", start=date(2026, 10, 1))
    db.session.commit()
    results[period.id] = sample.period_result(shift=0.5, seed=5).to_dict()
    response = as_role("staff").get("/results/ranking")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("别的小区") < html.index("测试小区")  # higher composite first
    now = results[scored.id]["composite"]["score"]
    before = [r for pid, r in results.items() if pid not in (scored.id, period.id)][0]
    assert f"{now - before['composite']['score']:+.1f}" in html
    by_greening = as_role("staff").get("/results/ranking?sort=greening").get_data(as_text=True)
    assert "aria-current" in by_greening
