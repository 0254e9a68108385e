"""survey_app: property-service quality assessment (物业服务质量测评).

create_app with installers() reads like a table of contents: configuration, extensions,
access control, blueprints, command-line commands, error pages.
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
    for install in installers():
        install(app)
    return app


def load_config(app: Flask, overrides: dict | None) -> None:
    """Defaults, then instance/config.py, then SURVEY_APP_* variables, then explicit overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    app.config.update(overrides or {})
    finalize(app.config, app.instance_path)


def register_extensions(app: Flask) -> None:
    """Database, migrations, login, CSRF, rate limiting and the job queue."""
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .jobs import configure as job_queue

    db.init_app(app)
    migrate.init_app(app, db, directory=features.MIGRATIONS_DIR,
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    features.configure_login(login_manager)
    features.import_tasks()
    job_queue(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    for blueprint in features.blueprints():
        app.register_blueprint(blueprint)


def installers() -> list:
    """The app's parts after the extensions, each a function of the app, in install order."""
    from .cli import register as commands
    from .guards import install as input_guards
    from .i18n import init_i18n
    from .logredact import install as log_redaction
    from .main.errors import register_error_handlers as error_pages
    from .permissions import register_access_control
    from .security import install as security
    from .templating import install as template_helpers

    return [init_i18n,                # Flask-Babel: zh_CN by default, en available
            register_access_control,  # route rules from permissions.py, before every request
            input_guards,             # bounded URL integers, clean text (before blueprints)
            register_blueprints,      # one blueprint per feature
            commands,                 # flask users / questionnaires / translate / seed-demo
            error_pages,              # friendly error pages, JSON errors for the API
            template_helpers,         # filters and globals shared by templates
            security,                 # security headers, the CSP nonce, the favicon
            log_redaction]            # no log line carries an owner's access code
