"""The checks on a disclosure's content (survey_app/disclosures/content.py): exact amounts,
totals that must add up to the fen, blank rows dropped, and a stable hash."""

from __future__ import annotations

from decimal import Decimal

import pytest

from survey_app.disclosures.content import (
    ContentError,
    balance,
    check_content,
    content_hash,
    parse_amount,
    yuan,
)


def _fees(**overrides):
    raw = {"income": [{"category": "物业服务费", "amount": "120,000.50"},
                      {"category": "", "amount": ""},
                      {"category": "停车管理费", "amount": "30000"}],
           "income_total": "150000.50",
           "expenditure": [{"category": "人员费用", "amount": "98000"}],
           "expenditure_total": "98000.00"}
    raw.update(overrides)
    return raw


def test_tables_keep_exact_amounts_and_drop_blank_rows():
    content = check_content("fees", _fees())
    assert [r["amount"] for r in content["income"]] == ["120000.50", "30000.00"]
    assert content["income_total"] == "150000.50"
    assert balance(content) == Decimal("52000.50")


def test_a_total_that_does_not_add_up_names_the_field_and_both_figures():
    with pytest.raises(ContentError) as err:
        check_content("fees", _fees(income_total="150000.00"))
    assert err.value.field == "income_total"
    assert "150,000.00" in str(err.value) and "150,000.50" in str(err.value)


@pytest.mark.parametrize("text", ["abc", "-5", "1.005", "1e12", "NaN", "Infinity"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(ContentError) as err:
        parse_amount(text, "income-0-amount", "金额")
    assert err.value.field == "income-0-amount"


def test_a_row_with_an_amount_but_no_category_names_its_row():
    raw = _fees(income=[{"category": "", "amount": "5"}], income_total="5")
    with pytest.raises(ContentError) as err:
        check_content("fees", raw)
    assert err.value.field == "income-0-category"


def test_work_report_needs_overview_and_plan():
    with pytest.raises(ContentError) as err:
        check_content("work_report", {"overview": "本季度完成……", "plan": " "})
    assert err.value.field == "plan"
    content = check_content("work_report", {"overview": "a", "plan": "b", "quality": ""})
    assert [s["key"] for s in content["sections"]] == ["overview", "plan"]


def test_fund_items_need_a_date_written_as_a_date():
    raw = {"items": [{"date": "2026/8/25", "item": "更换电梯钢丝绳", "amount": "8000",
                      "approval": "业主大会表决同意"}], "total": "8000"}
    with pytest.raises(ContentError) as err:
        check_content("maintenance_fund", raw)
    assert err.value.field == "items-0-date"
    raw["items"][0]["date"] = "2026-08-25"
    assert check_content("maintenance_fund", raw)["total"] == "8000.00"


def test_hash_changes_with_any_figure_and_not_with_key_order():
    a = content_hash("t", "2026-Q4", {"x": "1.00", "y": "2.00"})
    assert a == content_hash("t", "2026-Q4", {"y": "2.00", "x": "1.00"})
    assert a != content_hash("t", "2026-Q4", {"x": "1.01", "y": "2.00"})


def test_yuan_reads_with_thousands_separators():
    assert yuan("1234567.5") == "1,234,567.50" and yuan(None) == "—"
