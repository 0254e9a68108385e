"""``flask tickets escalate``: flag overdue tickets for a manager (run it from cron)."""

import click

from ..extensions import db
from . import bp, services


@bp.cli.command("escalate")
@click.option("--community", "community_code", default=None,
              help="Community code; omit for every community.")
def escalate(community_code):
    """Escalate open tickets whose pending step is past its time limit."""
    from sqlalchemy import select

    from ..communities.models import Community

    community_id = None
    if community_code:
        community_id = db.session.scalar(select(Community.id).filter_by(code=community_code))
        if community_id is None:
            raise click.BadParameter(f"no community with code {community_code!r}",
                                     param_hint="--community")
    raised = services.escalate_overdue(community_id)
    db.session.commit()
    for ticket in raised:
        click.echo(f"escalated {ticket.tracking_code} (community {ticket.community_id})")
    click.echo(f"{len(raised)} ticket(s) escalated.")
