"""Slips come in room order (101 … 902, 1001), as staff hand them out floor by floor (QA walk)."""

from __future__ import annotations

from survey_app.surveys.printing import slip_rows
from tests.fixtures.factories import make_community, make_period
from tests.fixtures.surveys import make_survey


def test_slips_order_rooms_as_numbers(owner_version):
    tall = make_community(name="高层小区", code="tall", buildings=1, floors=11, per_floor=1)
    survey = make_survey(make_period(tall), owner_version, "codes")
    rooms = [row[2] for row in slip_rows(survey)]
    assert rooms == [f"{floor}01" for floor in range(1, 12)]
