"""The list of feature packages: their blueprints, models and demo-data steps, in order."""

from __future__ import annotations

import importlib
from pathlib import Path

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

#: feature packages in dependency order; each has a blueprint ``bp`` and may have
#: ``models`` (imported so that metadata is complete) and ``demo.seed(context)``.
FEATURES = (
    "main",
    "auth",
    "communities",
    "questionnaires",
    "surveys",
    "inspections",
    "assessments",
    "feedback",
    "results",
    "reports",
    "api",
)


def _module(feature: str, name: str | None = None):
    path = f"survey_app.{feature}" + (f".{name}" if name else "")
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name and (path == exc.name or path.startswith(exc.name + ".")):
            return None
        raise


def blueprints():
    """Every feature blueprint."""
    modules = (_module(f) for f in FEATURES)
    return [m.bp for m in modules if m is not None and hasattr(m, "bp")]


def import_models() -> None:
    """Import every models module so that the metadata holds all tables."""
    from . import audit, throttle, uploads  # noqa: F401

    for feature in FEATURES:
        _module(feature, "models")


def demo_steps():
    """Every feature's demo-data step, in order."""
    steps = []
    for feature in FEATURES:
        module = _module(feature, "demo")
        if module is not None:
            steps.append((feature, module.seed))
    return steps


def configure_login(login_manager) -> None:
    """Point Flask-Login at the user loader and the login view."""
    from flask_babel import lazy_gettext as _l

    from .auth.services import load_user

    import_models()
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
