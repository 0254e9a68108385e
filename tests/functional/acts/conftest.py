"""Fixtures for the two-party acts tests: two quarters with real owner answers (no stubs)."""

from __future__ import annotations

from datetime import date

import pytest

from survey_app.extensions import db
from tests.fixtures.factories import make_period
from tests.fixtures.owners import add_responses, respondent

#: dimensions scored differently, so that new weights move the composite index
LEVELS = ({"cleaning": 5, "greening": 3, "security": 4, "facilities": 2, "service": 4},
          {"cleaning": 4, "greening": 3, "security": 5, "facilities": 2, "service": 3},
          {"cleaning": 5, "greening": 2, "security": 4, "facilities": 3, "service": 5})


@pytest.fixture
def quarters(community):
    """2026-Q3 and 2026-Q4, both open, each with three owners' answers."""
    q3 = make_period(community, label="2026-Q3", status="open", start=date(2026, 7, 1),
                     end=date(2026, 9, 30))
    q4 = make_period(community, label="2026-Q4", status="open")
    add_responses(q3, [respondent(level, "1号楼", 4) for level in LEVELS])
    add_responses(q4, [respondent(dict.fromkeys(LEVELS[0], 4), "2号楼", 4)] * 2)
    db.session.commit()
    return q3, q4
