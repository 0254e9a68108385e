"""Findings by time of day: the night band and the night share (pure)."""

from datetime import time

from survey_app.internal.analysis import by_time_of_day, is_night, night_share


def test_night_band_is_20_to_6():
    assert is_night(time(20, 0)) and is_night(time(23, 59)) and is_night(time(5, 59))
    assert not is_night(time(6, 0)) and not is_night(time(19, 59))
    assert is_night(None) is None


def test_bands_and_share():
    bands = by_time_of_day([(time(9), 1, 10), (time(22), 3, 10), (time(4), 0, 5),
                            (None, 7, 10)])
    assert (bands["day"].inspections, bands["day"].findings, bands["day"].items) == (1, 1, 10)
    assert (bands["night"].inspections, bands["night"].findings) == (2, 3)
    assert bands["night"].finding_rate == 0.2
    assert night_share(bands) == 0.75  # an inspection without a time counts in neither band
    assert night_share(by_time_of_day([])) is None
