"""WSGI entry for bench/submit.py: the app plus a bare endpoint that does one insert."""

from __future__ import annotations

from sqlalchemy import text

from survey_app import create_app
from survey_app.extensions import csrf, db
from survey_app.permissions import public

app = create_app()


@public
def bench_bare():
    """The framework's ceiling: one INSERT and a commit, nothing else."""
    db.session.execute(text("INSERT INTO bench_ping (note) VALUES ('x')"))
    db.session.commit()
    return "ok"


app.add_url_rule("/bench/bare", "bench_bare", csrf.exempt(bench_bare), methods=["POST"])
