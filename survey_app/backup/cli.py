"""flask backup create [--out DIR] / flask backup restore ARCHIVE."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from .database import BackupError


@click.group("backup")
def backup_cli():
    """Back up and restore the database, uploaded photos and stored reports."""


@backup_cli.command("create")
@click.option("--out", "out_dir", default="backups", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the archive.")
@with_appcontext
def create(out_dir):
    """Write a tar.gz with the database, the files and a manifest of checksums."""
    from . import services

    try:
        archive = services.create(Path(out_dir))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written: {archive}")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the data.")
@with_appcontext
def restore(archive, yes):
    """Replace the database and the files with an archive's (checked first)."""
    from . import services

    if not yes:
        click.confirm("This replaces the whole database and the uploaded files. Go on?",
                      abort=True)
    try:
        restored = services.restore(Path(archive))
    except BackupError as exc:
        raise click.ClickException(f"{exc}") from exc
    same = restored.counts == restored.manifest.get("row_counts")
    click.echo(f"Restored {archive} (schema {restored.manifest['schema_revision']}): "
               f"row counts {'match' if same else 'DIFFER from'} the manifest; "
               f"ledger {'holds' if restored.ledger_ok else 'is BROKEN'}.")
    if not (same and restored.ledger_ok):
        raise SystemExit(1)
