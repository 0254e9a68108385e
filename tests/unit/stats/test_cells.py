"""Issue 13 item 5: the small-cell rule over counts (primary and complementary suppression)."""
from __future__ import annotations

import pytest

from survey_app.stats.cells import hidden_cells


def test_groups_under_k_are_hidden_and_the_rest_shown():
    counts = {"1号楼": 30, "2号楼": 4, "3号楼": 5, "4号楼": 40, "5号楼": 3}
    assert hidden_cells(counts, 5) == {"2号楼", "5号楼"}  # remainder 7 >= k: nothing more


def test_one_hidden_group_takes_the_next_smallest_with_it():
    counts = {"1号楼": 30, "2号楼": 2, "3号楼": 12, "4号楼": 40}
    assert hidden_cells(counts, 5) == {"2号楼", "3号楼"}


def test_small_remainder_of_several_hidden_groups_is_topped_up():
    counts = {"A": 1, "B": 2, "C": 9, "D": 20}
    assert hidden_cells(counts, 5) == {"A", "B", "C"}


def test_ties_pick_the_first_name():
    assert hidden_cells({"A": 1, "C": 8, "B": 8}, 5) == {"A", "B"}


def test_responses_outside_every_group_count_in_the_remainder():
    counts = {"A": 10, "B": 12}
    # two ungrouped responses would show as total minus A minus B: hide A as well
    assert hidden_cells(counts, 5, residual=2) == {"A"}
    # a hidden group mixed with enough ungrouped responses is safe alone
    assert hidden_cells({"A": 2, "B": 12}, 5, residual=6) == {"A"}


def test_nothing_small_hides_nothing_and_k_one_shows_all():
    assert hidden_cells({"A": 5, "B": 6}, 5) == set()
    assert hidden_cells({"A": 1, "B": 1}, 1) == set()
    assert hidden_cells({}, 5) == set()


def test_already_hidden_groups_stay_hidden_and_count():
    assert hidden_cells({"A": 9, "B": 10, "C": 30}, 5, already={"A"}) == {"A"}
    assert hidden_cells({"A": 9, "B": 3, "C": 30}, 5, already={"A"}) == {"A", "B"}


def test_every_group_small_hides_all():
    assert hidden_cells({"A": 1, "B": 2}, 5) == {"A", "B"}


@pytest.mark.parametrize("k", [0, -1])
def test_k_below_one_is_refused(k):
    with pytest.raises(ValueError):
        hidden_cells({"A": 1}, k)
