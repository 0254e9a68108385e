"""``flask questionnaires``: check, export the schema of, and publish definitions."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db

questionnaires_cli = AppGroup("questionnaires", help="Check, export and publish definitions.")


@questionnaires_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files):
    """Validate definition files (default: all in questionnaires/); exit 1 on any error."""
    from .loader import check_files, definition_files

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
    from .schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@questionnaires_cli.command("publish")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def publish(files):
    """Freeze definition files as questionnaire versions (default: all)."""
    from .loader import DefinitionError, definition_files, load_definition
    from .services import VersionConflict
    from .services import publish as freeze

    paths = list(files) or definition_files(current_app.config["QUESTIONNAIRES_DIR"])
    try:
        for path in paths:
            version, created = freeze(load_definition(path))
            click.echo(f"{'published' if created else 'unchanged'}: {version.label}")
    except (DefinitionError, VersionConflict) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
