"""Same data, same numbers: a period's full result on SQLite and on PostgreSQL.

The fixture data are stored once in the test database (SQLite or PostgreSQL, whichever the
suite runs on) and once in a second database on the other engine: a temporary SQLite file when
the suite runs on PostgreSQL, a temporary PostgreSQL database when SURVEY_APP_TEST_PG_ADMIN_URL
is set (scripts/test.sh sets it), else a second SQLite file. The whole JSON result, bootstrap
intervals included, must be equal up to float rounding.
"""

from __future__ import annotations

import math
import os
import random
import uuid
from contextlib import contextmanager
from datetime import date

from sqlalchemy import create_engine, text

from survey_app import create_app
from survey_app.extensions import db
from survey_app.results import services
from tests.fixtures.factories import make_community, make_period

IGNORED_META = {"period_id", "community_id", "scheme_version"}


def build_and_compute(owners) -> dict:
    """Store a community with 80 owners (blanks and 不适用 included) and compute its result."""
    rng = random.Random(42)
    community = make_community(buildings=3, floors=6)
    previous = make_period(community, label="2026-Q3", start=date(2026, 7, 1),
                           end=date(2026, 9, 30))
    period = make_period(community)
    for target, shift in ((previous, 0), (period, 1)):
        people = []
        for _n in range(40 + 40 * shift):
            level = {}
            for dim, items in owners.items.items():
                level[dim] = {i: rng.choice([1, 2, 3, 4, 4, 5, 5, 5, "na", None][shift:])
                              for i in items}
            people.append(owners.respondent(level, f"{rng.randint(1, 3)}号楼",
                                            overall=rng.randint(2, 5)))
        owners.add(target, people)
    db.session.commit()
    data = services.period_result(period).to_dict()
    db.session.commit()
    data["meta"] = {k: v for k, v in data["meta"].items() if k not in IGNORED_META}
    return data


@contextmanager
def other_database(is_postgres: bool, tmp_path):
    """A URL for an empty database on the other engine (see the module docstring)."""
    admin_url = os.environ.get("SURVEY_APP_TEST_PG_ADMIN_URL")
    if is_postgres or not admin_url:
        yield "sqlite:///" + str(tmp_path / "other.db")
        return
    name = "results_" + uuid.uuid4().hex[:10]
    engine = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def assert_same(a, b, path="result"):
    """Equal JSON trees, floats to 1e-9 relative."""
    if isinstance(a, float) or isinstance(b, float):
        assert a is not None and b is not None, path
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), f"{path}: {a} != {b}"
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            assert_same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def test_same_numbers_on_both_engines(app, is_postgres, owners, tmp_path):
    here = build_and_compute(owners)
    with other_database(is_postgres, tmp_path) as url:
        other = create_app({"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"],
                            "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                            "UPLOAD_DIR": str(tmp_path / "u"), "REPORTS_DIR": str(tmp_path / "r")})
        with other.test_request_context("/"):
            db.create_all()
            there = build_and_compute(owners)
            db.session.remove()
            db.engine.dispose()
    assert here["composite"]["ci"] is not None  # the bootstrap ran
    assert here["deltas"]  # and the period-over-period tests
    assert_same(here, there)
