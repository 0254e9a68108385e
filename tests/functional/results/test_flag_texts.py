"""Significance notes print small p-values as p < 0.001, never as p = 0.000 (QA walk-through)."""

from __future__ import annotations

from flask_babel import refresh

from survey_app.results.texts import flag_text
from survey_app.stats.result import Flag


def test_tiny_p_value_reads_less_than_0_001(app):
    labels = {"greening": "绿化养护"}
    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        tiny = flag_text(Flag("satisfaction_change", dimension="greening", params={"p": 0.00002}),
                         labels)
        plain = flag_text(Flag("significant_change", dimension="greening", value=2.7,
                               params={"p": 0.0472}), labels)
    assert "p < 0.001" in tiny and "0.000" not in tiny and "绿化养护" in tiny
    assert "p = 0.047" in plain and "2.7" in plain


def test_listed_names_use_the_languages_separator(app):
    """、 between names in Chinese, a comma in English (not 'Greening、Cleaning')."""
    labels = {"greening": "绿化养护", "cleaning": "清洁卫生"}
    flag = Flag("composite_partial", params={"missing": ["greening", "cleaning"]})
    with app.test_request_context("/"):
        assert "绿化养护、清洁卫生" in flag_text(flag, labels)
    with app.test_request_context("/?lang=en"):
        refresh()  # the locale is cached on the shared app context
        assert "绿化养护, 清洁卫生" in flag_text(flag, labels)
