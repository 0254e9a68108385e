"""Trust fixtures (issue 13 items 5 and 6): a period whose buildings include small cells."""

from __future__ import annotations

import pytest

from survey_app.communities.models import Building
from survey_app.extensions import db
from tests.fixtures.factories import make_period
from tests.fixtures.owners import add_responses, uniform

#: building → (responses, the value every one of them gives to every item)
CELLS = {"1号楼": (8, 5), "2号楼": (2, 1), "3号楼": (6, 2), "4号楼": (10, 4)}


@pytest.fixture
def cells_period(community):
    """A closed period of `community`: 2号楼 has 2 responses (under k = 5), 3号楼 is the
    next-smallest (6), 1号楼 and 4号楼 are large; every owner answers one value throughout."""
    for n in (3, 4):
        db.session.add(Building(community=community, name=f"{n}号楼", sort_key=n))
    db.session.flush()
    period = make_period(community, status="closed")
    add_responses(period, [uniform(value, name, value) for name, (count, value) in CELLS.items()
                           for _ in range(count)])
    db.session.commit()
    return period


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services format their messages in the user's language, which needs a request."""
    with app.test_request_context("/"):
        yield
