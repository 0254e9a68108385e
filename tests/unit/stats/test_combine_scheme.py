"""Hand-computed cases for M5 (combining sources), M6 (tree, composite, grade) and schemes."""
from __future__ import annotations

import pytest

from survey_app.stats import (
    DEFAULT_SCHEME,
    Scheme,
    SchemeError,
    check_scheme_against,
    combine_sources,
    composite_index,
    effective_weights,
    grade_band,
    tree_scores,
)

SW = {"owner": 0.4, "inspection": 0.3, "third_party": 0.3}


def test_combine_all_sources():
    c, used, missing = combine_sources({"owner": 80, "inspection": 70, "third_party": 90}, SW)
    assert c == pytest.approx(0.4 * 80 + 0.3 * 70 + 0.3 * 90)
    assert used == ("owner", "inspection", "third_party") and missing == ()


def test_combine_missing_source_renormalises_and_is_reported():
    c, used, missing = combine_sources({"owner": 80, "inspection": None, "third_party": 90}, SW)
    assert c == pytest.approx((0.4 * 80 + 0.3 * 90) / 0.7)
    assert missing == ("inspection",)
    c, used, missing = combine_sources({}, SW)
    assert c is None and used == () and len(missing) == 3


def test_zero_weight_source_is_ignored():
    c, used, missing = combine_sources({"owner": 50, "kpi": 100}, {"owner": 1.0, "kpi": 0.0})
    assert c == 50 and used == ("owner",) and missing == ()


def gbt_scheme() -> Scheme:
    """A GB/T 45698-2025-like tree: brand 10 %, expectation 10 %, service quality 70 %, value 10 %."""
    return Scheme.from_dict({
        "key": "gbt45698", "version": "2025",
        "dimensions": [
            {"key": "brand", "label": {"zh": "品牌形象"}, "weight": 0.1},
            {"key": "expectation", "label": {"zh": "业主预期"}, "weight": 0.1},
            {"key": "service_quality", "label": {"zh": "服务质量"}, "weight": 0.7, "children": [
                {"key": "cleaning", "label": "清洁卫生", "weight": 0.3},
                {"key": "greening", "label": "绿化养护", "weight": 0.2},
                {"key": "security", "label": "秩序维护", "weight": 0.3},
                {"key": "facilities", "label": "设施设备", "weight": 0.2}]},
            {"key": "value", "label": {"zh": "价值感知"}, "weight": 0.1},
        ]})


def test_tree_scheme_hand_computed_with_missing_level2_child():
    s = gbt_scheme()
    leaves = {"brand": 80, "expectation": 70, "cleaning": 90, "greening": None,
              "security": 60, "facilities": 80, "value": 50}
    sc = tree_scores(s.dimensions, leaves)
    # service quality: (0.3·90 + 0.3·60 + 0.2·80) / 0.8 = 76.25 (greening has no data)
    assert sc["service_quality"] == pytest.approx(76.25)
    i = composite_index(s.dimensions, leaves)
    assert i == pytest.approx(0.1 * 80 + 0.1 * 70 + 0.7 * 76.25 + 0.1 * 50)  # 73.375
    assert grade_band(i, s.bands).key == "pass"
    eff = effective_weights(s.dimensions, {k for k, v in leaves.items() if v is not None})
    assert eff["cleaning"] == pytest.approx(0.7 * 0.3 / 0.8)
    assert eff["greening"] == 0.0
    assert sum(eff[k] for k in s.leaf_keys()) == pytest.approx(1.0)
    assert s.global_weights()["facilities"] == pytest.approx(0.7 * 0.2)


def test_tree_whole_branch_missing():
    s = gbt_scheme()
    leaves = {"brand": 80, "expectation": 70, "value": 50}
    sc = tree_scores(s.dimensions, leaves)
    assert sc["service_quality"] != sc["service_quality"]  # NaN: missing, not 0
    assert composite_index(s.dimensions, leaves) == pytest.approx((8 + 7 + 5) / 0.3)


@pytest.mark.parametrize("score,band", [(95, "excellent"), (90, "excellent"), (89.99, "good"),
                                        (80, "good"), (60, "pass"), (59.9, "fail"), (0, "fail")])
def test_default_grade_bands(score, band):
    assert grade_band(score, DEFAULT_SCHEME.bands).key == band
    assert DEFAULT_SCHEME.grade(score).key == band


def test_grade_of_missing_score_is_none():
    assert grade_band(None, DEFAULT_SCHEME.bands) is None
    assert grade_band(float("nan"), DEFAULT_SCHEME.bands) is None


def test_default_scheme_and_round_trip():
    d = DEFAULT_SCHEME.to_dict()
    assert [x["key"] for x in d["dimensions"]] == [
        "cleaning", "greening", "security", "facilities", "service"]
    assert d["source_weights"] == SW
    assert Scheme.from_dict(d) == DEFAULT_SCHEME
    assert Scheme.from_dict(gbt_scheme().to_dict()) == gbt_scheme()


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["dimensions"][2].update(weight=-1), r"dimensions\[2\]\.weight: must be ≥ 0"),
    (lambda d: [x.update(weight=0) for x in d["dimensions"]], "must not all be zero"),
    (lambda d: d["dimensions"][1].update(key="cleaning"), r"dimensions\[1\]\.key: duplicate"),
    (lambda d: d["dimensions"][0].update(weight="heavy"), r"dimensions\[0\]\.weight"),
    (lambda d: d.update(source_weights={"owner": 1, "gossip": 1}), "source_weights.gossip"),
    (lambda d: d.update(source_weights={"owner": 0}), "source_weights"),
    (lambda d: d.update(bands=[{"key": "a", "min_score": 50}]), "lowest band"),
    (lambda d: d.update(weight_method="magic"), "weight_method"),
    (lambda d: d.update(kpi_to_service=True), "source_weights.kpi"),
    (lambda d: d.pop("key"), "key"),
    (lambda d: d.update(dimensions=[]), "dimensions: must be a non-empty list"),
])
def test_scheme_validation_errors_name_the_path(mutate, message):
    d = DEFAULT_SCHEME.to_dict()
    mutate(d)
    with pytest.raises(SchemeError, match=message):
        Scheme.from_dict(d)


def test_scheme_with_ahp_weights_and_refused_matrix():
    d = DEFAULT_SCHEME.to_dict()
    d["weight_method"] = "ahp"
    d["ahp"] = {"_root": [[1] * 5] * 5}
    s = Scheme.from_dict(d)
    assert s.global_weights() == pytest.approx({k: 0.2 for k in s.leaf_keys()})
    d["ahp"] = {"_root": [[1, 9, 1 / 9, 1, 1], [1 / 9, 1, 9, 1, 1], [9, 1 / 9, 1, 1, 1],
                          [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]}
    with pytest.raises(SchemeError, match=r"ahp\._root: .*CR"):
        Scheme.from_dict(d)
    d["ahp"] = {"_root": "1 2 3"}
    with pytest.raises(SchemeError, match=r"ahp\._root"):
        Scheme.from_dict(d)


def test_yaml_style_fraction_strings_accepted_in_ahp():
    d = DEFAULT_SCHEME.to_dict()
    d.update(weight_method="ahp", dimensions=d["dimensions"][:2],
             ahp={"_root": [[1, 3], ["1/3", 1]]})
    s = Scheme.from_dict(d)
    assert [n.weight for n in s.dimensions] == pytest.approx([0.75, 0.25])


def test_check_scheme_against_questionnaire():
    check_scheme_against(DEFAULT_SCHEME, ["cleaning", "greening", "security", "facilities",
                                          "service"])
    with pytest.raises(SchemeError) as e:
        check_scheme_against(DEFAULT_SCHEME, ["cleaning", "parking"])
    assert "parking" in str(e.value) and "facilities" in str(e.value)
    check_scheme_against(DEFAULT_SCHEME, ["cleaning"], allow_unused_leaves=True)
    with pytest.raises(SchemeError, match="non-leaf"):
        check_scheme_against(gbt_scheme(), ["service_quality"], allow_unused_leaves=True)


def test_directly_built_ahp_scheme_derives_its_weights():
    from survey_app.stats import DimensionNode

    s = Scheme(key="k", version="1", weight_method="ahp",
               dimensions=(DimensionNode("a", {}, 1.0), DimensionNode("b", {}, 1.0)),
               ahp={"_root": [[1, 4], [0.25, 1]]})
    assert [n.weight for n in s.dimensions] == pytest.approx([0.8, 0.2])
    assert Scheme.from_dict(s.to_dict()) == s
