"""Migrations: one head; an empty database upgrades; the result matches the models exactly."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from survey_app import create_app
from survey_app.extensions import db
from survey_app.features import MIGRATIONS_DIR


def test_exactly_one_head(app):
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1, script.get_heads()


def _upgrade_and_compare(url: str):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "k", "TESTING": True})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    return diff


def test_empty_sqlite_upgrades_to_the_models(tmp_path):
    diff = _upgrade_and_compare("sqlite:///" + str(tmp_path / "empty.db"))
    assert diff == []


@pytest.fixture
def empty_postgres_url():
    admin_url = os.environ.get("SURVEY_APP_TEST_PG_ADMIN_URL")
    if not admin_url:
        pytest.skip("PostgreSQL is not configured (scripts/test.sh starts one)")
    name = "mig_" + uuid.uuid4().hex[:10]
    engine = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def test_empty_postgres_upgrades_to_the_models(empty_postgres_url):
    assert _upgrade_and_compare(empty_postgres_url) == []
