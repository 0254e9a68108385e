"""``flask jobs worker``: run the queue's consumer (PDFs, exports, periodic jobs)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from . import services
from .queue import activate, huey

jobs_cli = AppGroup("jobs", help="Background jobs: run a worker.")


@jobs_cli.command("worker")
@click.option("--workers", default=1, show_default=True, help="Tasks run at the same time.")
@click.option("--worker-type", type=click.Choice(["thread", "process"]), default="thread",
              show_default=True, help="Threads share one process; processes use every core.")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also run the periodic jobs (run them on one worker machine only).")
def worker(workers, worker_type, periodic):
    """Take jobs from the queue and do them, until stopped (Ctrl-C or SIGTERM)."""
    app = current_app._get_current_object()
    if app.config.get("QUEUE_KIND") == "immediate":
        raise click.ClickException("SURVEY_APP_QUEUE_URL=immediate runs jobs in the web "
                                   "process itself; a worker has nothing to take.")
    activate(app)
    if app.config["QUEUE_KIND"] == "sqlite":
        # the embedded queue has one worker: a job still "running" lost its worker
        services.requeue_stale(timedelta(0), queued_too=False)
        db.session.commit()
    click.echo(f"jobs worker: {workers} {worker_type}(s) on the {app.config['QUEUE_KIND']} "
               "queue", err=True)
    huey.create_consumer(workers=workers, worker_type=worker_type, periodic=periodic,
                         check_worker_health=True).run()
