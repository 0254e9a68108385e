"""Issue 19 item 5: the audit-log viewer, filtered and paginated; a committee sees its own."""

from __future__ import annotations

from datetime import datetime

from survey_app.audit import AuditLog
from survey_app.extensions import db
from tests.fixtures.factories import login


def _entry(action, community_id=None, actor="someone", at=datetime(2026, 11, 20, 4, 0)):
    db.session.add(AuditLog(action=action, object_type="X", community_id=community_id,
                            actor=actor, at=at, details={"n": 1}))


def _log(community, other_community):
    _entry("ticket.register", community.id, "staff", datetime(2026, 11, 1, 2, 0))
    _entry("inspection.item", community.id, "committee", datetime(2026, 11, 15, 2, 0))
    _entry("ticket.note", other_community.id, "staff", datetime(2026, 11, 16, 2, 0))
    _entry("user.password_reset", None, "admin", datetime(2026, 11, 17, 2, 0))
    db.session.commit()


def test_admin_sees_everything_and_filters(client, users, community, other_community):
    _log(community, other_community)
    login(client, "admin")
    page = client.get("/audit/").get_data(as_text=True)
    for action in ("ticket.register", "inspection.item", "ticket.note", "user.password_reset"):
        assert action in page
    page = client.get("/audit/?what=ticket").get_data(as_text=True)
    assert "ticket.note" in page and "inspection.item" not in page
    page = client.get("/audit/?who=COMM").get_data(as_text=True)
    assert "inspection.item" in page and "ticket.register" not in page
    page = client.get(f"/audit/?community={other_community.id}").get_data(as_text=True)
    assert "ticket.note" in page and "ticket.register" not in page
    page = client.get("/audit/?date_from=2026-11-15&date_to=2026-11-16").get_data(as_text=True)
    assert "inspection.item" in page and "ticket.note" in page
    assert "ticket.register" not in page and "user.password_reset" not in page


def test_committee_sees_only_its_community(client, users, community, other_community):
    _log(community, other_community)
    login(client, "committee")
    page = client.get("/audit/").get_data(as_text=True)
    assert "ticket.register" in page and "inspection.item" in page
    assert "ticket.note" not in page and "user.password_reset" not in page
    page = client.get(f"/audit/?community={other_community.id}")
    assert page.status_code == 400  # not a choice for them
    assert "ticket.note" not in page.get_data(as_text=True)
    assert "<form method=\"post\"" not in client.get("/audit/").get_data(as_text=True)


def test_reversed_and_absurd_dates_name_the_field(client, users):
    login(client, "admin")
    response = client.get("/audit/?date_from=2026-11-20&date_to=2026-11-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "结束日期早于开始日期" in page and "至" in page
    response = client.get("/audit/?date_from=1900-01-01")
    assert response.status_code == 400 and "2020-01-01" in response.get_data(as_text=True)
    response = client.get("/audit/?date_from=not-a-date")
    assert response.status_code == 400


def test_pages_of_fifty(client, users, community):
    for n in range(120):
        _entry("ticket.note", community.id, f"user{n:03d}", datetime(2026, 11, 1, 0, n % 60))
    db.session.commit()
    login(client, "admin")
    first = client.get("/audit/?what=ticket").get_data(as_text=True)
    assert "第 1 / 3 页" in first or "1 / 3" in first
    third = client.get("/audit/?what=ticket&page=3").get_data(as_text=True)
    assert third.count("<tr>") == 1 + 20
    assert client.get("/audit/?page=99").status_code == 200  # clamped to the last page
