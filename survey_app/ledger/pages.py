"""Presentation helpers: the published PDF of a publication, for the notice board."""

from __future__ import annotations

from . import bp, documents


@bp.app_template_global("published_pdf")
def published_pdf(publication_id: int):
    """The stored PDF of a publication (for the notice board's download link), or None."""
    return documents.pdf_of(publication_id)
