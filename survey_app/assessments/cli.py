"""``flask assessors``: which organisation an assessor account works for, and its lead."""

import click
from sqlalchemy import select

from ..extensions import db


@click.group("assessors")
def assessors_cli():
    """Assessor organisations' members and leads."""


@assessors_cli.command("member")
@click.argument("organisation")
@click.argument("username")
@click.option("--lead/--no-lead", default=False, help="The organisation's lead (edits its "
              "third-party score sheets).")
def member(organisation, username, lead):
    """Make USERNAME (an assessor) a member, or the lead, of ORGANISATION (its name)."""
    from ..auth.models import User
    from ..errors import FieldError
    from .models import AssessorOrganisation
    from .services import set_member

    org = db.session.scalar(select(AssessorOrganisation).filter_by(name=organisation))
    user = db.session.scalar(select(User).filter_by(username=username))
    if org is None or user is None:
        raise click.ClickException(f"unknown {'organisation' if org is None else 'user'}")
    try:
        set_member(org.id, user, lead)
    except FieldError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"{username}: {'lead' if lead else 'member'} of {organisation} (id {org.id})")
