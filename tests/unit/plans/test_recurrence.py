"""Occurrences of recurring plans and their coverage, with fixed dates (pure)."""

from datetime import date

import pytest

from survey_app.plans.recurrence import (
    Done,
    Occurrence,
    coverage,
    occurrences,
    shared_quarters,
    window_of,
)


def test_windows_follow_the_calendar():
    assert window_of("weekly", date(2026, 11, 25)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert window_of("monthly", date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert window_of("monthly", date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert window_of("quarterly", date(2026, 11, 5)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert window_of("quarterly", date(2027, 1, 1)) == (date(2027, 1, 1), date(2027, 3, 31))
    with pytest.raises(ValueError):
        window_of("daily", date(2026, 1, 1))


def test_occurrences_start_on_the_plan_start_and_stop_at_its_end():
    weeks = occurrences("weekly", date(2026, 11, 4), None, date(2026, 11, 20))
    assert weeks == [Occurrence(date(2026, 11, 4), date(2026, 11, 8)),
                     Occurrence(date(2026, 11, 9), date(2026, 11, 15)),
                     Occurrence(date(2026, 11, 16), date(2026, 11, 22))]
    months = occurrences("monthly", date(2026, 10, 15), date(2026, 12, 10), date(2027, 6, 1))
    assert [(o.starts, o.due) for o in months] == [
        (date(2026, 10, 15), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 10))]
    quarters = occurrences("quarterly", date(2026, 10, 1), None, date(2027, 4, 1))
    assert [o.due for o in quarters] == [date(2026, 12, 31), date(2027, 3, 31),
                                         date(2027, 6, 30)]
    assert occurrences("weekly", date(2026, 12, 1), None, date(2026, 11, 1)) == []


def test_coverage_marks_done_open_missed_and_upcoming():
    slots = occurrences("weekly", date(2026, 11, 2), None, date(2026, 12, 1))
    found = [Done(1, date(2026, 11, 10), True, "1号楼"),
             Done(2, date(2026, 11, 18), False, "1号楼"),   # begun, never finished
             Done(3, date(2026, 11, 4), True, "7号楼")]     # another area
    out = coverage(slots, found, today=date(2026, 11, 25), area="1号楼")
    assert [s.status for s in out] == ["missed", "done", "missed", "open", "upcoming"]
    assert [d.id for d in out[1].inspections] == [1] and [d.id for d in out[2].inspections] == [2]
    everywhere = coverage(slots, found, today=date(2026, 11, 25))
    assert everywhere[0].status == "done"  # without an area any inspection of the kind counts
    # the due day itself is still open; the day after, missed
    one = [Occurrence(date(2026, 11, 23), date(2026, 11, 29))]
    assert coverage(one, [], date(2026, 11, 29))[0].status == "open"
    assert coverage(one, [], date(2026, 11, 30))[0].status == "missed"


def test_shared_quarters():
    q4 = occurrences("quarterly", date(2026, 10, 1), date(2026, 12, 31), date(2027, 12, 31))
    night = occurrences("monthly", date(2027, 1, 1), None, date(2027, 5, 1))
    assert shared_quarters(q4, night) == []
    assert shared_quarters(q4, occurrences("quarterly", date(2026, 11, 1), None,
                                           date(2027, 1, 1))) == [(2026, 4)]
