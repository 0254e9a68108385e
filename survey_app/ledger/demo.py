"""Demo data: the demo's publications enter the ledger and keep their PDF, as if published
through the page and rendered by the worker (the notice board then shows the sha256 and
/verify recognises the file)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from . import acts


def seed(context) -> str:
    """Record every publication of the demo periods in the ledger, then render and keep its
    PDF here (a command, not a request: no worker needed for the demo to be complete)."""
    from ..publishing import pdfs
    from ..publishing.models import Publication

    ids = [p.id for p in context.periods]
    publications = db.session.scalars(select(Publication).where(
        Publication.period_id.in_(ids), Publication.withdrawn_at.is_(None))
        .order_by(Publication.published_at)).all()
    for publication in publications:
        acts.results_published(publication, actor=publication.published_by_id)
        outcome = pdfs.make_pdf(publication)
        if outcome != pdfs.STORED:
            raise RuntimeError(f"the demo publication {publication.id} has no PDF: {outcome}")
    return f"{len(publications)} publications entered in the ledger, their PDFs kept"
