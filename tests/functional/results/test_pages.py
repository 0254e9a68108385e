"""Results page, scheme page and the three ways staff set weights."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.results import schemes
from survey_app.results.models import SchemeVersion
from survey_app.stats import Scheme, entropy_weights
from tests.fixtures.weights import preview_then_save

DIMS = ("cleaning", "greening", "security", "facilities", "service")


def version_count() -> int:
    return db.session.scalar(select(func.count(SchemeVersion.id)))


def url(period, tail=""):
    return f"/results/{period.community_id}/periods/{period.id}{tail}"


def scheme_url(period, tail=""):
    return f"/results/{period.community_id}/scheme{tail}"


def test_results_page_shows_index_grade_sources_and_n(as_role, scored_period):
    client = as_role("committee")
    page = client.get(url(scored_period))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "75.0" in html  # composite and every dimension
    assert "合格" in html  # grade band 60–80
    assert "清洁卫生" in html
    assert "66.7%" in html  # satisfaction rate 10 / 15 answers
    assert html.count("缺失") or "missing" in html  # inspection / third party missing
    assert "样本量不足" in html or "Small sample" in html


def test_results_link_is_offered_beside_the_period(as_role, scored_period):
    html = as_role("staff").get(f"/communities/{scored_period.community_id}").get_data(
        as_text=True)
    assert url(scored_period) in html


def test_page_for_a_period_without_data_says_so(as_role, period):
    html = as_role("staff").get(url(period)).get_data(as_text=True)
    assert "—" in html


def test_scheme_mismatch_is_shown_as_a_clear_error(as_role, scored_period):
    wrong, _created = schemes.store(Scheme.from_dict({"key": "wrong", "dimensions": [
        {"key": "hygiene", "weight": 1}, {"key": "gardens", "weight": 1}]}))
    schemes.set_active(scored_period.community_id, wrong)
    db.session.commit()
    page = as_role("staff").get(url(scored_period))
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "cleaning" in html and "wrong" in html
    assert "flash-error" in html


def test_direct_weights_are_normalised_into_a_new_version(as_role, scored_period):
    client = as_role("staff")
    schemes.ensure_default()
    db.session.commit()
    before = version_count()
    data = {f"w_{d}": v for d, v in zip(DIMS, (40, 15, 15, 15, 15), strict=True)}
    preview = client.post(scheme_url(scored_period, "/direct/_root"), data=data)
    html = preview.get_data(as_text=True)
    # the first post only previews: the new weights beside the old, the effect on the index
    assert preview.status_code == 200 and version_count() == before
    assert "40.0%" in html and "20.0%" in html and "综合指数" in html
    # a confirmation of other numbers than the ones previewed is previewed again
    changed = dict(data, w_cleaning=60, action="save", previewed="0.4,0.15,0.15,0.15,0.15")
    assert client.post(scheme_url(scored_period, "/direct/_root"),
                       data=changed).status_code == 200
    assert version_count() == before
    _html, response = preview_then_save(client, scheme_url(scored_period, "/direct/_root"),
                                        data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert version_count() == before + 1
    active = schemes.active_version(scored_period.community_id)
    assert active.weight_method == "direct"
    weights = {n["key"]: n["weight"] for n in active.definition["dimensions"]}
    assert weights["cleaning"] == pytest.approx(0.4)
    assert sum(weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(("values", "message"), [
    ((0, 0, 0, 0, 0), "All weights are zero"),
    ((1, -1, 1, 1, 1), "cannot be negative"),
    ((1, "abc", 1, 1, 1), "“Greening” must be a number."),
    ((1, "", 1, 1, 1), "Enter a number"),
])
def test_direct_weights_bad_input_is_refused(as_role, scored_period, values, message):
    client = as_role("staff")
    schemes.ensure_default()
    db.session.commit()
    before = version_count()
    data = {f"w_{d}": v for d, v in zip(DIMS, values, strict=True)}
    response = client.post(scheme_url(scored_period, "/direct/_root?lang=en"), data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert version_count() == before


def _ahp_data(judgements: dict[tuple[int, int], str]) -> dict[str, str]:
    return {f"p_{i}_{j}": judgements.get((i, j), "1") for i in range(5) for j in range(i + 1, 5)}


def test_ahp_form_phrases_pairs_as_sentences(as_role, scored_period):
    html = as_role("staff").get(scheme_url(scored_period, "/ahp/_root")).get_data(as_text=True)
    assert "清洁卫生 比 绿化养护 稍微重要" in html
    assert "绿化养护 比 清洁卫生 极端重要" in html
    assert "清洁卫生 与 绿化养护 同等重要" in html
    assert "results-ahp.js" in html


def test_ahp_refuses_an_inconsistent_matrix_naming_the_pair(as_role, scored_period):
    client = as_role("staff")
    schemes.ensure_default()
    db.session.commit()
    before = version_count()
    # cleaning ≫ greening ≫ security, yet security ≫ cleaning: a cycle
    data = _ahp_data({(0, 1): "9", (1, 2): "9", (0, 2): "1/9"})
    response = client.post(scheme_url(scored_period, "/ahp/_root"), data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "CR" in html and "0.10" in html
    assert "清洁卫生" in html and "秩序维护" in html  # the worst pair, by name
    assert "不一致" in html
    assert version_count() == before


def test_ahp_consistent_matrix_is_saved_with_its_cr(as_role, scored_period):
    client = as_role("staff")
    # cleaning 3× each other dimension, the rest equal: perfectly consistent
    data = _ahp_data({(0, j): "3" for j in range(1, 5)})
    _html, response = preview_then_save(client, scheme_url(scored_period, "/ahp/_root"), data)
    assert response.status_code == 302, response.get_data(as_text=True)
    active = schemes.active_version(scored_period.community_id)
    assert active.weight_method == "ahp"
    entry = active.method_details["groups"]["_root"]
    assert entry["cr"] == pytest.approx(0.0, abs=1e-9)
    assert entry["weights"]["cleaning"] == pytest.approx(3 / 7)
    assert active.definition["ahp"]["_root"][0][1] == 3
    # the form opens again with the saved judgements
    html = client.get(scheme_url(scored_period, "/ahp/_root")).get_data(as_text=True)
    assert 'value="3" selected' in html or "selected value=\"3\"" in html


def test_entropy_weights_from_buildings_of_chosen_periods(as_role, community, scored_period,
                                                          owners):
    from tests.fixtures.factories import make_period

    earlier = make_period(community, label="2026-Q3", start=scored_period.start_date.replace(
        month=7), end=scored_period.start_date.replace(month=9, day=30))
    owners.add(earlier, [
        owners.respondent({"cleaning": 5, "greening": 2, "security": 4, "facilities": 4,
                           "service": 3}, "1号楼"),
        owners.respondent({"cleaning": 4, "greening": 5, "security": 3, "facilities": 3,
                           "service": 2}, "2号楼"),
    ])
    db.session.commit()
    client = as_role("staff")
    data = {"periods": [earlier.id, scored_period.id], "units": "buildings"}
    # buildings of 1 or 2 responses are small cells under the default k = 5 (issue 13):
    # their scores are hidden, so they cannot serve as entropy units
    assert client.post(scheme_url(scored_period, "/entropy/_root"), data=data).status_code \
        == 400
    community.min_cell_size = 1
    db.session.commit()
    before = version_count()
    html, response = preview_then_save(client, scheme_url(scored_period, "/entropy/_root"),
                                       data)
    assert "weights-preview" in html and version_count() == before + 1  # saved on confirm only
    assert response.status_code == 302, response.get_data(as_text=True)
    active = schemes.active_version(scored_period.community_id)
    entry = active.method_details["groups"]["_root"]
    assert entry["method"] == "entropy" and entry["units"] == "buildings"
    assert len(entry["rows"]) == 4  # 2 buildings × 2 periods
    # building scores by hand: item value v → 25·(v − 1)
    expected_rows = [
        [100, 25, 75, 75, 50],  # 2026-Q3 1号楼
        [75, 100, 50, 50, 25],  # 2026-Q3 2号楼
        [87.5, 87.5, 87.5, 87.5, 87.5],  # 2026-Q4 1号楼 (5 and 4)
        [50, 50, 50, 50, 50],  # 2026-Q4 2号楼 (3)
    ]
    assert np.allclose(entry["matrix"], expected_rows)
    expected = entropy_weights(np.array(expected_rows)).weights
    got = [active.method_details["groups"]["_root"]["weights"][d] for d in DIMS]
    assert np.allclose(got, expected)
    definition_weights = [n["weight"] for n in active.definition["dimensions"]]
    assert np.allclose(definition_weights, expected)
    # fixed weights: the engine must not recompute entropy per period
    assert active.definition["weight_method"] == "direct"


def test_entropy_needs_two_units(as_role, scored_period):
    client = as_role("staff")
    response = client.post(scheme_url(scored_period, "/entropy/_root?lang=en"),
                           data={"periods": [scored_period.id], "units": "periods"})
    assert response.status_code == 400
    assert "at least 2 units" in response.get_data(as_text=True)


def test_choose_scheme_and_publish_button(as_role, scored_period):
    client = as_role("staff")
    response = client.post(scheme_url(scored_period, "/publish"))
    assert response.status_code == 302
    tree = schemes.latest("gbt45698")
    assert tree is not None
    response = client.post(scheme_url(scored_period, "/active"),
                           data={"scheme_version_id": tree.id})
    assert response.status_code == 302
    assert schemes.active_version(scored_period.community_id).id == tree.id
    html = client.get(url(scored_period)).get_data(as_text=True)
    assert "服务质量" in html  # the tree's level-1 node
    scheme_page = client.get(scheme_url(scored_period)).get_data(as_text=True)
    assert "品牌形象" in scheme_page


def test_committee_sees_the_scheme_but_cannot_change_it(as_role, scored_period):
    client = as_role("committee")
    assert client.get(scheme_url(scored_period)).status_code == 200
    assert client.get(scheme_url(scored_period, "/direct/_root")).status_code == 403
    assert client.post(scheme_url(scored_period, "/ahp/_root"), data={}).status_code == 403


def test_unknown_group_is_404(as_role, scored_period):
    assert as_role("staff").get(scheme_url(scored_period, "/ahp/nothing")).status_code == 404
