"""`flask schemes publish` and `flask schemes list`."""

from __future__ import annotations

from pathlib import Path

import click

from ..extensions import db
from . import bp, schemes


@bp.cli.command("publish")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def publish(files):
    """Store scheme files (default: all of questionnaires/schemes/) as scheme versions."""
    try:
        stored = schemes.publish_files(list(files) or None)
    except schemes.SchemeFileError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    for version, created in stored:
        click.echo(f"{'published' if created else 'unchanged'}: {version.key} r{version.revision}"
                   f" ({version.label}, sha256 {version.sha256[:12]})")


@bp.cli.command("list")
def list_versions():
    """List stored scheme versions."""
    for version in schemes.versions():
        click.echo(f"{version.id:4} {version.key:12} r{version.revision:<3} "
                   f"{version.weight_method:8} {version.sha256[:12]} {version.label}")
