"""flask privacy purge / export PHONE / delete PHONE."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from ..errors import FieldError
from ..extensions import db


@click.group("privacy")
def privacy_cli():
    """Personal data: retention and one person's requests (PIPL)."""


@privacy_cli.command("purge")
@with_appcontext
def purge():
    """Remove contact details past their retention period (CONTACT_RETENTION_MONTHS)."""
    from ..models_base import utcnow
    from .services import purge_expired_contacts

    months = int(current_app.config["CONTACT_RETENTION_MONTHS"])
    removed = purge_expired_contacts(utcnow(), months)
    db.session.commit()
    click.echo(f"Contact details removed from {removed['tickets']} tickets closed "
               f"{months} months ago or more, and {removed['opt_ins']} of their message "
               f"opt-ins ended; {removed['phone_tails']} household phone tails removed where "
               "no survey is open.")


def _run(action, phone):
    try:
        result = action(phone)
    except FieldError as exc:
        raise click.ClickException(f"{phone}: {exc}") from exc
    db.session.commit()
    return result


@privacy_cli.command("export")
@click.argument("phone")
@with_appcontext
def export(phone):
    """Print everything kept about the person with this phone, as JSON."""
    from .services import export_person

    click.echo(json.dumps(_run(export_person, phone), ensure_ascii=False, indent=1))


@privacy_cli.command("delete")
@click.argument("phone")
@with_appcontext
def delete(phone):
    """Remove this phone's name, phone and room from every ticket (logged)."""
    from ..models_base import utcnow
    from .services import delete_person

    count = _run(lambda p: delete_person(p, utcnow()), phone)
    click.echo(f"Removed the contact details of {phone} from {count} tickets.")
