"""Working time on the calendar (feedback.workcal): limits in working hours end on the
right day around weekends, public holidays and make-up work days (调休上班)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from survey_app.feedback.workcal import (
    WorkCalendar,
    add_working_minutes,
    days_of,
    working_minutes_between,
)

#: an example National Day week (not an official calendar): 1–7 October rest, the Sunday
#: before and the Saturday after are worked
NATIONAL_DAY = WorkCalendar(
    opens=time(8, 30), closes=time(17, 30),
    holidays=days_of([(date(2026, 10, 1), date(2026, 10, 7))]),
    workdays=days_of([(date(2026, 9, 27), date(2026, 9, 27)),
                      (date(2026, 10, 10), date(2026, 10, 10))]))


def test_within_one_day():
    assert add_working_minutes(datetime(2026, 9, 22, 9, 0), 30, NATIONAL_DAY) \
        == datetime(2026, 9, 22, 9, 30)


def test_eight_hours_from_friday_1700_continue_on_the_make_up_sunday():
    # Friday 25 Sept 17:00: 30 minutes that day; Saturday rests; Sunday 27 is worked
    assert add_working_minutes(datetime(2026, 9, 25, 17, 0), 8 * 60, NATIONAL_DAY) \
        == datetime(2026, 9, 27, 16, 0)


def test_eight_hours_from_the_eve_of_national_day_end_after_the_holiday():
    # Wednesday 30 Sept 17:00: 30 minutes; 1–7 Oct rest; Thursday 8 Oct 08:30 + 7h30
    assert add_working_minutes(datetime(2026, 9, 30, 17, 0), 8 * 60, NATIONAL_DAY) \
        == datetime(2026, 10, 8, 16, 0)


def test_without_the_calendar_the_weekend_is_skipped():
    plain = WorkCalendar()
    assert add_working_minutes(datetime(2026, 9, 25, 17, 0), 8 * 60, plain) \
        == datetime(2026, 9, 28, 16, 0)


def test_after_hours_start_counts_from_next_opening():
    assert add_working_minutes(datetime(2026, 9, 22, 20, 0), 30, NATIONAL_DAY) \
        == datetime(2026, 9, 23, 9, 0)
    assert add_working_minutes(datetime(2026, 9, 22, 6, 0), 30, NATIONAL_DAY) \
        == datetime(2026, 9, 22, 9, 0)


def test_ending_exactly_at_closing_time_stays_on_that_day():
    assert add_working_minutes(datetime(2026, 9, 22, 17, 0), 30, NATIONAL_DAY) \
        == datetime(2026, 9, 22, 17, 30)


def test_make_up_saturday_after_the_holiday():
    assert NATIONAL_DAY.is_workday(date(2026, 10, 10))
    assert not NATIONAL_DAY.is_workday(date(2026, 10, 3))
    assert not NATIONAL_DAY.is_workday(date(2026, 10, 11))


def test_minutes_between_is_the_inverse():
    start = datetime(2026, 9, 30, 17, 0)
    end = add_working_minutes(start, 8 * 60, NATIONAL_DAY)
    assert working_minutes_between(start, end, NATIONAL_DAY) == 8 * 60


def test_a_calendar_without_hours_is_refused():
    with pytest.raises(ValueError):
        add_working_minutes(datetime(2026, 9, 22), 30, WorkCalendar(opens=time(9),
                                                                   closes=time(9)))
