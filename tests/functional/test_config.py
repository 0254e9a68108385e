"""Configuration layering and the production guard."""

import pytest

from survey_app import create_app
from survey_app.config import ConfigError, env_overrides


def test_production_refuses_without_secret_and_database(monkeypatch, tmp_path):
    monkeypatch.setenv("SURVEY_APP_ENV", "production")
    monkeypatch.delenv("SURVEY_APP_SECRET_KEY", raising=False)
    monkeypatch.delenv("SURVEY_APP_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError) as info:
        create_app()
    assert "SURVEY_APP_SECRET_KEY" in str(info.value)
    assert "SURVEY_APP_DATABASE_URL" in str(info.value)


def test_production_names_only_what_is_missing(monkeypatch):
    monkeypatch.setenv("SURVEY_APP_ENV", "production")
    monkeypatch.setenv("SURVEY_APP_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("SURVEY_APP_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError) as info:
        create_app()
    assert "SURVEY_APP_DATABASE_URL" in str(info.value)
    assert "SECRET_KEY" not in str(info.value)


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    from survey_app.config import ensure_secret_key

    first = ensure_secret_key(str(tmp_path))
    assert len(first) == 64
    assert ensure_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_are_typed():
    values = env_overrides({"SURVEY_APP_UPLOAD_MAX_BYTES": "1000", "SURVEY_APP_X": "true",
                            "OTHER": "1", "SURVEY_APP_LANGUAGES": '["zh_CN"]'})
    assert values == {"UPLOAD_MAX_BYTES": 1000, "X": True, "LANGUAGES": ["zh_CN"]}


def test_postgres_urls_use_psycopg3():
    app = create_app({"DATABASE_URL": "postgresql://u:p@localhost/db", "SECRET_KEY": "k"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_sqlite_runs_in_wal_mode(app):
    from sqlalchemy import text

    from survey_app.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
