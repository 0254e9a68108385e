"""Configuration: defaults in code, then instance/config.py, then SURVEY_APP_* variables."""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

ENV_PREFIX = "SURVEY_APP_"


class Defaults:
    """Defaults for the embedded, single-machine set-up."""

    ENV = "development"
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    #: a form may stay open this long (seconds); an expired one gets a calm message
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    UPLOAD_MAX_BYTES = 12 * 1024 * 1024
    #: the public PDF check (/verify): per address; files up to MAX_CONTENT_LENGTH
    VERIFY_RATE_LIMIT = "10 per minute;200 per day"
    IMAGE_MAX_SIDE = 1600
    #: memory per worker; a Redis named by QUEUE_URL or REDIS_URL is used instead (finalize)
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: a flood guard per address and worker; the real sign-in limits are LOGIN_* below
    LOGIN_RATE_LIMIT = "60 per minute"
    LOGIN_THROTTLE_ENABLED = True
    LOGIN_FAILURE_WINDOW = 15 * 60  # seconds
    LOGIN_FREE_FAILURES = 5  # per account in the window, then 30 s, 1 min, 2 min … waits
    LOGIN_ADDRESS_FAILURES = 30  # per address in the window, over all accounts
    LOGIN_SESSION_LIFETIME = timedelta(hours=12)  # a sign-in without "keep me signed in"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SQLITE_BUSY_TIMEOUT_MS = 15000
    QUESTIONNAIRES_DIR: str | None = None
    UPLOAD_DIR: str | None = None
    REPORTS_DIR: str | None = None
    #: owners' contact details on a ticket are removed this many months after it closed
    CONTACT_RETENTION_MONTHS = 12
    #: idempotency keys of offline walk-round saves are deleted this many days after use
    OFFLINE_KEY_DAYS = 30
    #: outgoing email (notifications); no host means the email channel is off
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_FROM = "noreply@localhost"
    SMTP_TIMEOUT = 10  # seconds; a slow server is a transient failure, retried later
    #: the job queue: unset = SQLite file beside the database; redis://… ; immediate
    QUEUE_URL: str | None = None
    #: a Redis for shared counters (rate limits) when the queue is not on Redis
    REDIS_URL: str | None = None
    #: a job running this long lost its worker and is queued again (seconds)
    JOBS_STALE_SECONDS = 900


class ConfigError(RuntimeError):
    """Raised when a production configuration is incomplete."""


def _coerce(value: str):
    """Turn an environment string into bool/int/JSON where it clearly is one."""
    low = value.strip().lower()
    if low in {"true", "yes", "on"}:
        return True
    if low in {"false", "no", "off"}:
        return False
    if value.strip().isdigit():
        return int(value)
    if value.strip()[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def env_overrides(environ=None) -> dict:
    """Settings from SURVEY_APP_* environment variables, prefix removed."""
    environ = os.environ if environ is None else environ
    return {
        key[len(ENV_PREFIX):]: _coerce(val)
        for key, val in environ.items()
        if key.startswith(ENV_PREFIX) and len(key) > len(ENV_PREFIX)
    }


def ensure_secret_key(instance_path: str) -> str:
    """Read the instance secret key, generating it on first run."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def finalize(config, instance_path: str) -> None:
    """Fill derived settings and refuse an incomplete production configuration."""
    if config.get("ENV") == "production":
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not config.get(name)]
        if missing:
            names = " and ".join(ENV_PREFIX + name for name in missing)
            raise ConfigError(f"Production configuration is missing {names}; refusing to start.")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = ensure_secret_key(instance_path)
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = "sqlite:///" + str(Path(instance_path) / "survey_app.db")
    url = config["DATABASE_URL"]
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite"):
        config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        config["SQLALCHEMY_ENGINE_OPTIONS"].setdefault(
            "connect_args", {"timeout": config["SQLITE_BUSY_TIMEOUT_MS"] / 1000}
        )
    root = Path(__file__).resolve().parent.parent
    config["QUESTIONNAIRES_DIR"] = config.get("QUESTIONNAIRES_DIR") or str(root / "questionnaires")
    config["UPLOAD_DIR"] = config.get("UPLOAD_DIR") or str(Path(instance_path) / "uploads")
    config["REPORTS_DIR"] = config.get("REPORTS_DIR") or str(Path(instance_path) / "reports")
    shared_counters(config)
    for name in ("REMEMBER_COOKIE_DURATION", "LOGIN_SESSION_LIFETIME"):
        if isinstance(config.get(name), int):  # seconds, from an environment variable
            config[name] = timedelta(seconds=config[name])
    if config.get("ENV") == "production":
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def shared_counters(config) -> None:
    """Rate-limit counters in the configured Redis, so that every worker counts together."""
    if config.get("RATELIMIT_STORAGE_URI", "memory://") != "memory://":
        return  # set explicitly
    for name in ("QUEUE_URL", "REDIS_URL"):
        url = str(config.get(name) or "")
        if url.startswith(REDIS_SCHEMES):
            config["RATELIMIT_STORAGE_URI"] = url
            return
