"""Demo data: one realistic community, past quarters, users per role; features add the rest."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from . import features
from .auth.models import User
from .auth.services import create_user
from .communities.models import Building, Community, Household, Period
from .extensions import db
from .questionnaires.services import publish_directory

DEMO_CODE = "yangguang"
DEMO_PERIODS = (
    ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31), "published"),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "published"),
    ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), "published"),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "closed"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "open"),
)
#: (username, password, role, scoped to the demo community?, display name)
DEMO_USERS = (
    ("admin", "admin-demo-2026", "admin", False, "系统管理员"),
    ("staff", "staff-demo-2026", "staff", False, "品质部 王经理"),
    ("committee", "committee-demo-2026", "committee", True, "业委会 李主任"),
    ("assessor", "assessor-demo-2026", "assessor", True, "评估员 张工"),
    ("assessor2", "assessor-demo-2026", "assessor", True, "评估员 陈工"),
    ("assessor3", "assessor-demo-2026", "assessor", True, "评估员 刘工"),
)
#: building name → (units, floors, rooms per floor per unit): 8 buildings, 600 households
BUILDINGS = (
    ("1号楼", 2, 18, 2), ("2号楼", 2, 18, 2), ("3号楼", 2, 18, 2), ("5号楼", 2, 18, 2),
    ("6号楼", 3, 11, 2), ("7号楼", 3, 11, 2), ("8号楼", 2, 18, 2), ("9号楼", 3, 18, 2),
)


@dataclass
class DemoContext:
    """What the feature demo steps build on."""

    community: Community
    periods: list[Period]
    users: dict[str, User]
    rng: random.Random = field(default_factory=lambda: random.Random(20261123))


def _community() -> Community:
    community = Community(name="阳光花园", code=DEMO_CODE, address="杭州市西湖区文三路 88 号",
                          company="示范物业服务有限公司")
    db.session.add(community)
    db.session.flush()
    rng = random.Random(7)
    for index, (name, units, floors, per_floor) in enumerate(BUILDINGS, start=1):
        building = Building(community=community, name=name, sort_key=index)
        db.session.add(building)
        db.session.flush()
        for unit in range(1, units + 1):
            for floor in range(1, floors + 1):
                for room in range(1, per_floor + 1):
                    db.session.add(Household(
                        community_id=community.id, building_id=building.id, unit=str(unit),
                        room=f"{floor}{room:02d}",
                        phone_tail=f"{rng.randrange(10000):04d}" if rng.random() < 0.85 else None,
                        area_m2=rng.choice((78.5, 89.0, 96.3, 118.2, 136.0))))
    for label, start, end, status in DEMO_PERIODS:
        db.session.add(Period(community_id=community.id, label=label, start_date=start,
                              end_date=end, status=status))
    db.session.flush()
    return community


def _users(community: Community) -> dict[str, User]:
    users = {}
    for username, password, role, scoped, name in DEMO_USERS:
        user = db.session.scalar(select(User).filter_by(username=username))
        if user is None:
            user = create_user(username, password, role, [community.id] if scoped else [],
                               display_name=name)
        users[username] = user
    return users


def seed_all(reset: bool = False):
    """Create the demo data (idempotent); yields progress lines."""
    existing = db.session.scalar(select(Community).filter_by(code=DEMO_CODE))
    if existing is not None and not reset:
        yield "Demo data exists already (use --reset to rebuild it)."
        return
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    versions = publish_directory()
    yield f"Questionnaires: {', '.join(v.label for v in versions)}"
    community = _community()
    households = db.session.scalar(
        select(db.func.count(Household.id)).filter_by(community_id=community.id))
    yield f"Community {community.name}: {len(BUILDINGS)} buildings, {households} households"
    context = DemoContext(community, list(community.periods), _users(community))
    for feature, step in features.demo_steps():
        message = step(context)
        db.session.flush()
        if message:
            yield f"{feature}: {message}"
    db.session.commit()
    yield "Demo logins (username / password):"
    for username, password, role, _scoped, _name in DEMO_USERS:
        yield f"  {role:10} {username} / {password}"
