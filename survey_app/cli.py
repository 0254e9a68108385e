"""Command-line commands: users, questionnaires, translations, demo data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
questionnaires_cli = AppGroup("questionnaires", help="Check, export and publish definitions.")
translate_cli = AppGroup("translate", help="Extract, update and compile translations.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(
    ("admin", "staff", "committee", "assessor")))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--community", "communities", multiple=True,
              help="Community code; repeat for several; omit for all communities.")
@click.option("--name", default="", help="Display name.")
def create_user(username, role, password, communities, name):
    """Create an account with a role."""
    from sqlalchemy import select

    from .auth.services import AccountError
    from .auth.services import create_user as create
    from .communities.models import Community

    ids = []
    for code in communities:
        community = db.session.scalar(select(Community).filter_by(code=code))
        if community is None:
            raise click.BadParameter(f"no community with code {code!r}", param_hint="--community")
        ids.append(community.id)
    try:
        create(username, password, role, ids, display_name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {username} ({role}).")


@users_cli.command("password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password(username, password):
    """Set a new password; every sign-in of the account ends."""
    from sqlalchemy import select

    from .auth.models import User
    from .auth.services import AccountError, change_password

    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None:
        raise click.BadParameter(f"no account {username!r}", param_hint="USERNAME")
    try:
        change_password(user, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Password of {username} changed; its sign-ins have ended.")


@users_cli.command("list")
def list_users():
    """List accounts and their roles."""
    from sqlalchemy import select

    from .auth.models import User

    for user in db.session.scalars(select(User).order_by(User.username)):
        scopes = ", ".join(f"{m.role}@{m.community_id or '*'}" for m in user.memberships)
        click.echo(f"{user.username:20} {'active' if user.active else 'inactive':8} {scopes}")


@questionnaires_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files):
    """Validate definition files (default: all in questionnaires/); exit 1 on any error."""
    from .questionnaires.loader import check_files, definition_files

    paths = list(files) or definition_files(current_app.config["QUESTIONNAIRES_DIR"])
    problems = check_files(paths)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"{len(paths)} file(s) OK.")


@questionnaires_cli.command("schema")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file.")
def schema(output):
    """Print the JSON Schema of a definition."""
    from .questionnaires.schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@questionnaires_cli.command("publish")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def publish(files):
    """Freeze definition files as questionnaire versions (default: all)."""
    from .questionnaires.loader import DefinitionError, definition_files, load_definition
    from .questionnaires.services import VersionConflict
    from .questionnaires.services import publish as freeze

    paths = list(files) or definition_files(current_app.config["QUESTIONNAIRES_DIR"])
    try:
        for path in paths:
            version, created = freeze(load_definition(path))
            click.echo(f"{'published' if created else 'unchanged'}: {version.label}")
    except (DefinitionError, VersionConflict) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


@translate_cli.command("update")
def translate_update():
    """Extract messages and merge them into the zh_CN and en catalogues."""
    from .i18n import TRANSLATIONS_DIR

    root = Path(current_app.root_path).parent
    pot = TRANSLATIONS_DIR / "messages.pot"
    _pybabel("extract", "-F", str(root / "babel.cfg"), "-k", "_l", "--no-location",
             "--ignore-dirs", ".* __pycache__",
             "--sort-output", "-o", str(pot), str(root / "survey_app"))
    from .i18n_tools import locked

    for lang in current_app.config["LANGUAGES"]:
        if not (TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po").exists():
            _pybabel("init", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", lang)
            continue
        with locked(lang):
            _pybabel("update", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", lang,
                     "--no-fuzzy-matching", "--ignore-obsolete",
                     "--width", "100")


@translate_cli.command("compile")
def translate_compile():
    """Compile the catalogues."""
    from .i18n import compile_catalogs

    for path in compile_catalogs(force=True):
        click.echo(f"compiled {path}")


@translate_cli.command("missing")
def translate_missing():
    """List zh_CN messages without a translation; exit 1 if any."""
    from .i18n_tools import untranslated

    missing = untranslated("zh_CN")
    for msgid in missing:
        click.echo(msgid)
    if missing:
        raise SystemExit(1)


@translate_cli.command("fill")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
def translate_fill(source):
    """Merge translations from a YAML/JSON map {English msgid: Chinese} into zh_CN."""
    from .i18n_tools import fill

    click.echo(f"filled {fill('zh_CN', source)} message(s)")


@click.command("seed-demo")
@click.option("--reset/--no-reset", default=False, help="Drop the demo community first.")
def seed_demo(reset):
    """Create a realistic demo community with data for every page."""
    from .demo import seed_all

    for line in seed_all(reset=reset):
        click.echo(line)


def register(app) -> None:
    """Attach the command groups to the app."""
    for command in (users_cli, questionnaires_cli, translate_cli, seed_demo):
        app.cli.add_command(command)
