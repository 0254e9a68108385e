"""Demo data: the demo's publications keep their PDF and enter the ledger, as if published
through the page (the notice board then shows the sha256 and /verify recognises the file)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from . import acts


def seed(context) -> str:
    """Keep the PDF of every publication of the demo periods and record it in the ledger."""
    from ..publishing.models import Publication

    ids = [p.id for p in context.periods]
    publications = db.session.scalars(select(Publication).where(
        Publication.period_id.in_(ids), Publication.withdrawn_at.is_(None))
        .order_by(Publication.published_at)).all()
    for publication in publications:
        acts.results_published(publication, actor=publication.published_by_id)
    return f"{len(publications)} published PDFs kept and entered in the ledger"
