"""Every staff page of the feedback feature leads back up (found by the QA walk-through)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path, target", [
    ("tickets", "/feedback/"),
    ("stats", "/feedback/"),
    ("sla", "/feedback/{cid}/tickets"),
    ("tickets/new", "/feedback/{cid}/tickets"),
    ("periods/{pid}/kpi", "/communities/{cid}"),
])
def test_pages_link_back_up(community, period, users, as_role, path, target):
    staff = as_role("staff")
    ids = {"cid": community.id, "pid": period.id}
    page = staff.get(f"/feedback/{community.id}/" + path.format(**ids)).get_data(as_text=True)
    assert f'<a href="{target.format(**ids)}">←' in page


def test_open_ticket_counter_reads_not_completed(community, users, as_role):
    """未办结 comes from its own message: the generic 'Open' is a link (打开) elsewhere."""
    page = as_role("staff").get(f"/feedback/{community.id}/tickets").get_data(as_text=True)
    assert "未办结: <strong>" in page
