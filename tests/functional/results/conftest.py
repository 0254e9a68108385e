"""Fixtures for the results tests: owner responses stored through the surveys models."""

from __future__ import annotations

import pytest

from survey_app.extensions import db
from tests.fixtures.owners import DIMENSION_ITEMS, add_responses, respondent, uniform


@pytest.fixture
def scored_period(period):
    """A period with three owners (all items 5, 3, 4 → 100, 50, 75; mean 75 per dimension)."""
    add_responses(period, [uniform(5, "1号楼", 5), uniform(3, "2号楼", 3), uniform(4, "1号楼", 4)])
    db.session.commit()
    return period


@pytest.fixture
def owners():
    """Helpers to store owner responses: owners.add(period, [...]), owners.uniform(5)."""
    from types import SimpleNamespace

    return SimpleNamespace(add=add_responses, uniform=uniform, respondent=respondent,
                           items=DIMENSION_ITEMS)


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services format their messages in the user's language, which needs a request."""
    with app.test_request_context("/"):
        yield
