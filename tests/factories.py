"""Test data builders and helpers (import as ``from factories import ...``)."""

from __future__ import annotations

from datetime import date

from survey_app.communities.models import Building, Community, Household, Period
from survey_app.extensions import db

PASSWORD = "correct-horse-9"


def login(client, username: str, password: str = PASSWORD):
    """Sign a test client in; returns the response."""
    return client.post("/login", data={"username": username, "password": password},
                       follow_redirects=False)


def make_community(name="测试小区", code="test", buildings=2, units=1, floors=3, per_floor=2,
                   phone=True) -> Community:
    """A community with buildings and households (flushed, not committed)."""
    community = Community(name=name, code=code, address="测试路 1 号", company="测试物业")
    db.session.add(community)
    db.session.flush()
    for b in range(1, buildings + 1):
        building = Building(community=community, name=f"{b}号楼", sort_key=b)
        db.session.add(building)
        db.session.flush()
        for unit in range(1, units + 1):
            for floor in range(1, floors + 1):
                for room in range(1, per_floor + 1):
                    db.session.add(Household(
                        community_id=community.id, building_id=building.id, unit=str(unit),
                        room=f"{floor}{room:02d}",
                        phone_tail=f"{b}{unit}{floor}{room}"[:4].rjust(4, "0") if phone else None))
    db.session.flush()
    return community


def make_period(community, label="2026-Q4", status="open",
                start=date(2026, 10, 1), end=date(2026, 12, 31)) -> Period:
    period = Period(community_id=community.id, label=label, start_date=start, end_date=end,
                    status=status)
    db.session.add(period)
    db.session.flush()
    return period
