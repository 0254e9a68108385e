"""``flask org …``: companies, jurisdictions, assignments, scopes; ``flask overview backfill``."""

from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select

from ..auth.models import User
from ..communities.models import Community
from ..errors import FieldError
from ..extensions import db
from . import services
from .closing import start_close
from .models import Company
from .rows import backfill


def _commit_or_fail(action):
    try:
        result = action()
    except FieldError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.field}: {exc}") from None
    db.session.commit()
    return result


@click.group("org")
def org_cli():
    """Companies 物业服务企业, jurisdictions 区/街道/社区 and oversight scopes."""


@org_cli.command("company")
@click.argument("name")
def add_company(name):
    """Add a company."""
    company = _commit_or_fail(lambda: services.save_company(name))
    click.echo(f"company {company.id} {company.name}")


@org_cli.command("jurisdiction")
@click.argument("name")
@click.option("--parent", type=int, help="id of the district or 街道 above it")
def add_jurisdiction(name, parent):
    """Add a district (no parent), a 街道 or a 社区."""
    node = _commit_or_fail(lambda: services.add_jurisdiction(
        name, services.get_jurisdiction(parent) if parent else None))
    click.echo(f"jurisdiction {node.id} {node.level} {node.name}")


def _community(code: str) -> Community:
    community = db.session.scalar(select(Community).filter_by(code=code))
    if community is None:
        raise click.ClickException(f"no community with code {code!r}")
    return community


def _company(name: str) -> Company:
    company = db.session.scalar(select(Company).filter_by(name=name))
    if company is None:
        raise click.ClickException(f"no company named {name!r}")
    return company


@org_cli.command("assign")
@click.argument("community_code")
@click.argument("company_name")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True)
def assign(community_code, company_name, start):
    """The company serves the community from START on (the previous one's term ends)."""
    _commit_or_fail(lambda: services.assign_company(
        _community(community_code).id, _company(company_name), start.date()))
    click.echo("ok")


@org_cli.command("place")
@click.argument("community_code")
@click.argument("jurisdiction_id", type=int)
def place(community_code, jurisdiction_id):
    """Put a community in a 街道 or 社区."""
    _commit_or_fail(lambda: services.place_community(
        _community(community_code).id, services.get_jurisdiction(jurisdiction_id)))
    click.echo("ok")


@org_cli.command("scope")
@click.argument("username")
@click.option("--company", "company_name")
@click.option("--jurisdiction", "jurisdiction_id", type=int)
def scope(username, company_name, jurisdiction_id):
    """What a director (--company) or an officer (--jurisdiction) account oversees."""
    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    _commit_or_fail(lambda: services.set_scope(
        user, company=_company(company_name) if company_name else None,
        jurisdiction=services.get_jurisdiction(jurisdiction_id) if jurisdiction_id else None))
    click.echo("ok")


@click.group("overview")
def overview_cli():
    """The cross-community overview's precomputed rows."""


@overview_cli.command("backfill")
def backfill_command():
    """Rewrite every overview row from the results of record."""
    count = backfill()
    db.session.commit()
    click.echo(f"{count} rows ({date.today().isoformat()})")


@overview_cli.command("close")
@click.argument("label")
def close_command(label):
    """Record the quarter LABEL in every community as background jobs (workers do them)."""
    job = _commit_or_fail(lambda: start_close(None, label))
    click.echo(f"job {job.id}: {job.params['total']} communities queued for {label}; "
               f"progress at /jobs/{job.id}")
