"""Internal inspections (品质部) as a fourth source (METHOD M5): weight 0 by default, so a
scheme that does not name them gives byte-identical results; a positive weight joins them in."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from flask_login import login_user

from survey_app.extensions import db
from survey_app.inspections import scoring
from survey_app.internal import services as internal
from survey_app.results import hashing, schemes
from survey_app.results.services import compute
from survey_app.stats.scheme import DEFAULT_SCHEME, Scheme, SchemeError
from tests.fixtures.internal import internal_checklist  # noqa: F401


def with_weights(**weights) -> Scheme:
    data = DEFAULT_SCHEME.to_dict()
    data["key"] = "with_internal"
    data["source_weights"] = {**data["source_weights"], **weights}
    return Scheme.from_dict(data)


@pytest.fixture
def internal_done(scored_period, users, internal_checklist):  # noqa: F811
    """A finished night check: cleaning 5 + 3 of 10 (two problems on icl2) → S = 80."""
    login_user(users["staff"])
    made = internal.schedule(scored_period.community_id, kind="night",
                             inspection_date=date(2026, 11, 20), start_time=time(22, 0),
                             user=users["staff"])
    scoring.save_item(made, "icl1", mode="deductions", count=0)
    scoring.save_item(made, "icl2", mode="deductions", count=2)
    internal.finish(made)
    db.session.commit()
    return made


def result_json(period, scheme: Scheme | None = None) -> str:
    version = schemes.store(scheme)[0] if scheme is not None else schemes.ensure_default()
    return json.dumps(compute(period, version), sort_keys=True, default=str)


def test_default_scheme_gives_byte_identical_results(scored_period, users,
                                                     internal_checklist):  # noqa: F811
    before = result_json(scored_period)
    hash_before = hashing.inputs_hash(scored_period, DEFAULT_SCHEME.to_dict())
    login_user(users["staff"])
    made = internal.schedule(scored_period.community_id, kind="patrol",
                             inspection_date=date(2026, 11, 3), start_time=time(9, 0))
    scoring.save_item(made, "icl1", mode="deductions", count=4)
    internal.finish(made)
    db.session.commit()
    assert result_json(scored_period) == before
    assert hashing.inputs_hash(scored_period, DEFAULT_SCHEME.to_dict()) == hash_before


def test_zero_weight_changes_no_number(scored_period, internal_done):
    plain = json.loads(result_json(scored_period))
    zero = json.loads(result_json(scored_period, with_weights(internal=0)))
    assert zero["composite"]["score"] == plain["composite"]["score"] == 75.0
    for key, dim in plain["dimensions"].items():
        assert zero["dimensions"][key]["combined"] == dim["combined"]
        assert zero["dimensions"][key]["sources_used"] == dim["sources_used"]
    assert zero["dimensions"]["cleaning"]["sources"]["internal"] == 80.0  # shown, not used


def test_positive_weight_joins_the_combination(scored_period, internal_done):
    data = json.loads(result_json(scored_period, with_weights(internal=0.2)))
    cleaning = data["dimensions"]["cleaning"]
    assert cleaning["sources"]["internal"] == 80.0
    # C = Σ ω·S / Σ ω over the sources with data: owners 75 (0.4) and internal 80 (0.2)
    assert cleaning["combined"] == pytest.approx((0.4 * 75 + 0.2 * 80) / 0.6)
    assert "internal" in cleaning["sources_used"]
    greening = data["dimensions"]["greening"]  # not checked on that round: owners alone
    assert greening["combined"] == 75.0 and "internal" in greening["sources_missing"]
    assert "internal" in data["meta"]["sources_loaded"]


def test_scheme_file_may_name_the_source_but_not_a_negative_weight():
    assert with_weights(internal=0.1).source_weights["internal"] == 0.1
    with pytest.raises(SchemeError, match="source_weights.internal"):
        with_weights(internal=-1)
