"""The list of feature packages: their blueprints, models and demo-data steps, in order.

Plain imports, so that every edge between features shows in the import graph.
"""

from __future__ import annotations

from pathlib import Path

from . import (
    acts,
    api,
    assessments,
    auth,
    communities,
    contacts,
    disclosures,
    feedback,
    inspections,
    internal,
    jobs,
    ledger,
    main,
    notifications,
    oversight,
    plans,
    privacy,
    publishing,
    questionnaires,
    reports,
    results,
    signing,
    surveys,
)

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

#: feature packages in dependency order; each has a blueprint ``bp``
FEATURES = (main, auth, communities, questionnaires, surveys, signing, inspections,
            internal, plans, assessments, contacts, feedback, results, reports, publishing,
            disclosures, acts, ledger, privacy, notifications, api, jobs, oversight)


def blueprints():
    """Every feature blueprint (the API package also has its token-management pages)."""
    return [feature.bp for feature in FEATURES] + [api.tokens_bp, oversight.public_bp]


def import_models() -> None:
    """Import every models module so that the metadata holds all tables."""
    from . import audit, throttle, uploads  # noqa: F401
    from .acts import models as _acts  # noqa: F401
    from .api import models as _api  # noqa: F401
    from .assessments import models as _assessments  # noqa: F401
    from .auth import models as _auth  # noqa: F401
    from .communities import models as _communities  # noqa: F401
    from .contacts import models as _contacts  # noqa: F401
    from .disclosures import models as _disclosures  # noqa: F401
    from .feedback import models as _feedback  # noqa: F401
    from .inspections import models as _inspections  # noqa: F401
    from .jobs import models as _jobs  # noqa: F401
    from .ledger import models as _ledger  # noqa: F401
    from .notifications import models as _notifications  # noqa: F401
    from .oversight import models as _oversight  # noqa: F401
    from .plans import models as _plans  # noqa: F401
    from .publishing import models as _publishing  # noqa: F401
    from .questionnaires import models as _questionnaires  # noqa: F401
    from .reports import models as _reports  # noqa: F401
    from .results import models as _results  # noqa: F401
    from .signing import models as _signing  # noqa: F401
    from .surveys import models as _surveys  # noqa: F401


def import_tasks() -> None:
    """Import every module declaring queue tasks, so that a worker knows them all."""
    from .assessments import tasks as _assessments  # noqa: F401
    from .feedback import tasks as _feedback  # noqa: F401
    from .inspections import tasks as _inspections  # noqa: F401
    from .jobs import tasks as _jobs  # noqa: F401
    from .notifications import tasks as _notifications  # noqa: F401
    from .oversight import tasks as _oversight  # noqa: F401
    from .privacy import tasks as _privacy  # noqa: F401
    from .publishing import tasks as _publishing  # noqa: F401
    from .reports import tasks as _reports  # noqa: F401
    from .surveys import tasks as _surveys  # noqa: F401


def demo_steps():
    """Every feature's demo-data step, in order."""
    from .acts import demo as acts_demo
    from .assessments import demo as assessments_demo
    from .disclosures import demo as disclosures_demo
    from .feedback import demo as feedback_demo
    from .inspections import demo as inspections_demo
    from .ledger import demo as ledger_demo
    from .oversight import demo as oversight_demo
    from .publishing import demo as publishing_demo
    from .results import demo as results_demo
    from .surveys import demo as surveys_demo

    return [("surveys", surveys_demo.seed), ("inspections", inspections_demo.seed),
            ("assessments", assessments_demo.seed), ("feedback", feedback_demo.seed),
            ("results", results_demo.seed), ("acts", acts_demo.seed),
            ("publishing", publishing_demo.seed), ("disclosures", disclosures_demo.seed),
            ("ledger", ledger_demo.seed), ("oversight", oversight_demo.seed)]


def configure_login(login_manager) -> None:
    """Point Flask-Login at the user loader and the login view."""
    from flask_babel import lazy_gettext as _l

    from .auth.services import load_user

    import_models()
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
