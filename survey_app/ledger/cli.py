"""flask ledger verify / show: check the hash chain, list the latest acts of record."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from . import documents, services


@click.group("ledger")
def ledger_cli():
    """The tamper-evident ledger of acts of record."""


@ledger_cli.command("verify")
@click.option("--files", is_flag=True, help="Also check every kept published PDF against its sha256 and its ledger entry.")
@with_appcontext
def verify(files):
    """Walk the chain; name the first entry whose row was edited (exit 1), else OK."""
    verdict = services.verify_chain()
    bad_files = documents.altered_files() if files else []
    for stored in bad_files:
        click.echo(f"ALTERED published PDF of publication {stored.publication_id}: "
                   f"{stored.path} is missing or does not have sha256 {stored.sha256}", err=True)
    unrecorded = documents.unrecorded_files() if files else []
    for stored in unrecorded:
        click.echo(f"UNRECORDED published PDF of publication {stored.publication_id}: no "
                   f"ledger entry records sha256 {stored.sha256}", err=True)
    bad_files += unrecorded
    if verdict.ok:
        click.echo(f"OK: {verdict.count} entries, the chain holds.")
        if bad_files:
            raise SystemExit(1)
        return
    entry = services.entry_at(verdict.broken_seq)
    what = f"{entry.act} {entry.subject_type} {entry.subject_id}" if entry else ""
    click.echo(f"BROKEN at entry {verdict.broken_seq} ({what}): {verdict.problem}. "
               f"The {verdict.count} entries before it hold.", err=True)
    raise SystemExit(1)


@ledger_cli.command("show")
@click.option("--limit", default=20, show_default=True, help="How many of the latest entries.")
@click.option("--act", default=None, help="Only this act, e.g. results.published.")
@with_appcontext
def show(limit, act):
    """The latest entries, newest first: seq, time, act, subject, hash, content."""
    for entry in services.entries(limit=limit, act=act):
        click.echo(f"#{entry.seq} {entry.created_at:%Y-%m-%d %H:%M:%S} {entry.act} "
                   f"{entry.subject_type}:{entry.subject_id} actor={entry.actor_id} "
                   f"{entry.entry_hash[:16]}… {entry.content}")
