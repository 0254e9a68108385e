"""Command-line commands: each feature's groups (users, questionnaires, translations, …) and
the demo data, registered on the app."""

from __future__ import annotations

import click

from .assessments.cli import assessors_cli
from .auth.cli import users_cli
from .backup.cli import backup_cli
from .i18n.cli import translate_cli
from .jobs.cli import jobs_cli
from .ledger.cli import ledger_cli
from .oversight.cli import org_cli, overview_cli
from .privacy.cli import privacy_cli
from .questionnaires.cli import questionnaires_cli


@click.command("seed-demo")
@click.option("--reset/--no-reset", default=False, help="Drop the demo community first.")
def seed_demo(reset):
    """Create a realistic demo community with data for every page."""
    from .demo import seed_all

    for line in seed_all(reset=reset):
        click.echo(line)


def register(app) -> None:
    """Attach the command groups to the app."""
    for command in (users_cli, questionnaires_cli, translate_cli, ledger_cli, backup_cli,
                    privacy_cli, jobs_cli, org_cli, overview_cli, assessors_cli, seed_demo):
        app.cli.add_command(command)
