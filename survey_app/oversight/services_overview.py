"""The overview for the acting user: their communities, their view (government: published)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..communities.models import Community
from ..extensions import db
from ..i18n import text_for
from ..permissions import officer_only, oversight_community_ids
from . import overview
from .overview import Filters, OverviewPage


def overview_for(user, filters: Filters, today: date | None = None) -> OverviewPage:
    """One page of the overview as ``user`` may see it, with the grade distribution."""
    today = today or date.today()
    allowed = oversight_community_ids(user)
    published_only = officer_only(user)
    page = overview.overview(allowed, filters, today, published_only)
    page.grades = overview.grade_counts(allowed, filters, today, published_only)
    return page


def all_rows_for(user, filters: Filters, today: date | None = None) -> list[dict]:
    """Every matching row (the export), in the page's order."""
    big = Filters(**{**filters.__dict__, "page": 1, "page_size": 1_000_000})
    return overview_for(user, big, today).rows


def small_cell_sizes(community_ids) -> dict[int, int]:
    """The small-cell k of each community shown."""
    rows = db.session.execute(select(Community.id, Community.min_cell_size)
                              .where(Community.id.in_(list(community_ids) or [-1])))
    return dict(rows.all())


def grade_words(grades) -> dict[str, str]:
    """Each grade's words in the interface language."""
    return {g: text_for(label) for g, label in overview.grade_labels(grades).items()}
