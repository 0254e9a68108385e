"""survey_app: property-service quality assessment (物业服务质量测评).

create_app reads like a table of contents: configuration, extensions, access control,
blueprints, command-line commands, error pages.
"""

from __future__ import annotations

from flask import Flask

from . import features
from .config import Defaults, env_overrides, finalize


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask application."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    register_extensions(app)
    register_i18n(app)
    register_access_control(app)
    register_input_guards(app)
    register_blueprints(app)
    register_commands(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_security(app)
    register_log_redaction(app)
    return app


def load_config(app: Flask, overrides: dict | None) -> None:
    """Defaults, then instance/config.py, then SURVEY_APP_* variables, then explicit overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    app.config.update(overrides or {})
    finalize(app.config, app.instance_path)


def register_extensions(app: Flask) -> None:
    """Database, migrations, login, CSRF and rate limiting."""
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=features.MIGRATIONS_DIR,
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    features.configure_login(login_manager)


def register_i18n(app: Flask) -> None:
    """Flask-Babel with zh_CN by default and en available."""
    from .i18n import init_i18n

    init_i18n(app)


def register_access_control(app: Flask) -> None:
    """Route rules from permissions.py, checked before every request."""
    from .permissions import register_access_control as install

    install(app)


def register_input_guards(app: Flask) -> None:
    """Bounded URL integers, clean form text, calm pages for faults (before the blueprints)."""
    from .guards import install

    install(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    for blueprint in features.blueprints():
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    """flask users / questionnaires / translate / seed-demo."""
    from .cli import register

    register(app)


def register_error_handlers(app: Flask) -> None:
    """Friendly error pages and JSON errors for the API."""
    from .main.errors import register_error_handlers as install

    install(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals shared by templates."""
    from .templating import install

    install(app)


def register_security(app: Flask) -> None:
    """Security headers on every response, the CSP nonce, the favicon."""
    from .security import install

    install(app)


def register_log_redaction(app: Flask) -> None:
    """No log line carries an owner's access code."""
    from .logredact import install

    install(app)
