"""Fixtures shared by the reports and API tests: periods whose numbers are engine results."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "functional" / "reports"))

import sample  # noqa: E402

from factories import make_period  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.results import services  # noqa: E402


@pytest.fixture
def results(monkeypatch):
    """Map period id → result dict served as that period's numbers (engine output)."""
    table: dict[int, dict] = {}
    real = services.period_result_dict

    def period_result_dict(period, scheme_version=None, intervals=True):
        if period.id in table:
            return table[period.id]
        return real(period, scheme_version, intervals)

    monkeypatch.setattr(services, "period_result_dict", period_result_dict)
    return table


@pytest.fixture
def scored(community, results):
    """Two closed periods of `community` with results; returns the newer one."""
    old = make_period(community, label="2026-Q3", status="closed",
                      start=date(2026, 7, 1), end=date(2026, 9, 30))
    new = make_period(community, label="2026-Q4", status="closed")
    db.session.commit()
    previous_owner = sample.owner_data(shift=-0.4, seed=2)
    results[old.id] = sample.period_result(shift=-0.4, seed=2).to_dict()
    results[new.id] = sample.period_result(previous=previous_owner).to_dict()
    return new

