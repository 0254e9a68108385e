"""``flask users``: create and list accounts, set a password."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db

users_cli = AppGroup("users", help="Manage accounts.")


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

    from ..communities.models import Community
    from .services import AccountError
    from .services import create_user as create

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

    from .models import User
    from .services import AccountError, change_password

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

    from ..contacts.services import mask
    from .models import User

    for user in db.session.scalars(select(User).order_by(User.username)):
        scopes = ", ".join(f"{m.role}@{m.community_id or '*'}" for m in user.memberships)
        # a terminal's output ends up in logs and tickets: the SMS number only masked
        phone = mask(user.phone) if user.phone else "-"
        click.echo(f"{user.username:20} {'active' if user.active else 'inactive':8} "
                   f"{phone:11} {scopes}")
