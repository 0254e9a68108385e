"""Migration 0010_anonymity on a database with responses: keys renumbered at random, answers
still with their response, code times cut to the day, response times gone."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from survey_app import create_app
from survey_app.extensions import db
from survey_app.features import MIGRATIONS_DIR

FILLERS = {sa.Integer: 1, sa.String: "x", sa.Text: "x", sa.Boolean: False, sa.Float: 1.0,
           sa.DateTime: datetime(2026, 9, 16, 9, 33), sa.Date: date(2026, 9, 16),
           sa.LargeBinary: b"", sa.JSON: "{}"}


def _filler(column):
    for kind, value in FILLERS.items():
        if isinstance(column["type"], kind):
            return value
    return "x"


def _insert(connection, table: str, **values) -> int:
    """A row with the given values and a filler in every other required column."""
    columns = sa.inspect(connection).get_columns(table)
    row = {c["name"]: _filler(c) for c in columns
           if not c["nullable"] and c.get("default") is None and c["name"] != "id"}
    row.update(values)
    names = ", ".join(f'"{n}"' for n in row)
    marks = ", ".join(f":{n}" for n in row)
    return connection.execute(sa.text(f'INSERT INTO "{table}" ({names}) VALUES ({marks}) '
                                      "RETURNING id"), row).scalar_one()


def _seed_at_0009(connection) -> list[tuple[int, int]]:
    """One survey, 5 used codes with responses of 3 answers each; (response id, household)."""
    community = _insert(connection, "community", name="迁移小区", code="mig")
    building = _insert(connection, "building", community_id=community, name="1号楼")
    period = _insert(connection, "period", community_id=community, label="Q", status="open")
    version = _insert(connection, "questionnaire_version", sha256="a" * 64, version=1,
                      kind="owner_survey")
    survey = _insert(connection, "survey", community_id=community, period_id=period,
                     questionnaire_version_id=version, token="t" * 20, access_mode="codes",
                     status="open")
    made = []
    for n in range(5):
        household = _insert(connection, "household", community_id=community,
                            building_id=building, room=f"10{n}")
        when = datetime(2026, 9, 16, 9, 30 + n, 12, 345)
        _insert(connection, "survey_access_code", survey_id=survey, household_id=household,
                code=f"CODE000{n}", used_at=when)
        response = _insert(connection, "survey_response", survey_id=survey, period_id=period,
                           household_key=f"k{n}", channel="web", status="submitted",
                           started_at=when, submitted_at=when, current_section=0)
        for item in ("cl1", "cl2", "cl3"):
            _insert(connection, "survey_answer", response_id=response, item_id=item,
                    value=float(n + 1), is_na=False)
        made.append((response, n + 1))
    return made


def _upgrade_with_data(url: str):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "k", "TESTING": True})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR, revision="0009_sessions_throttle")
        with db.engine.begin() as connection:
            before = _seed_at_0009(connection)
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT r.id, MIN(a.value), MAX(a.value), COUNT(a.id), MIN(a.id) "
                "FROM survey_response r JOIN survey_answer a ON a.response_id = r.id "
                "GROUP BY r.id")).all()
            used = connection.execute(sa.text("SELECT used_on FROM survey_access_code")).all()
            columns = {c["name"] for c in sa.inspect(connection).get_columns("survey_response")}
        db.engine.dispose()
    return before, rows, used, columns


def _check(before, rows, used, columns):
    assert len(rows) == 5 and all(count == 3 for _id, _lo, _hi, count, _a in rows)
    # every answer is still with its own response (each response's answers share one value)
    assert sorted(lo for _id, lo, hi, _c, _a in rows if lo == hi) == [1, 2, 3, 4, 5]
    old_ids = {rid for rid, _v in before}
    assert not old_ids & {rid for rid, *_rest in rows}
    assert all(rid > 2 ** 30 and first > 2 ** 30 for rid, _lo, _hi, _c, first in rows)
    assert {str(day)[:10] for (day,) in used} == {"2026-09-16"}
    assert all(len(str(day)) == 10 for (day,) in used)  # a day, no time
    assert not {"started_at", "submitted_at"} & columns


def test_sqlite_database_with_responses_upgrades(tmp_path):
    _check(*_upgrade_with_data("sqlite:///" + str(tmp_path / "old.db")))


def test_postgres_database_with_responses_upgrades():
    admin_url = os.environ.get("SURVEY_APP_TEST_PG_ADMIN_URL")
    if not admin_url:
        pytest.skip("PostgreSQL is not configured (scripts/test.sh starts one)")
    name = "mig_" + uuid.uuid4().hex[:10]
    engine = sa.create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                              isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        _check(*_upgrade_with_data(admin_url.rsplit("/", 1)[0] + "/" + name))
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
