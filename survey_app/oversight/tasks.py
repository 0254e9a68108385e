"""The overview's exports rendered by a worker (2,000 communities × periods of rows)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..auth.models import User
from ..errors import NotFound
from ..extensions import db
from ..jobs.files import file_task
from ..permissions import officer_only
from . import exports, pages
from .services_overview import all_rows_for, small_cell_sizes


def export_rows(user, args: dict) -> list[dict]:
    """Every overview row ``user`` may see matching the query-string arguments, decorated
    as the page shows them (the government's small cells hidden)."""
    rows = all_rows_for(user, pages.filters_from(args))
    return pages.decorate(rows, officer_only(user),
                          small_cell_sizes(r["community_id"] for r in rows))


@file_task("overview_export", "overview.view", _l("Overview export"),
           back=lambda job: url_for("oversight.index"))
def export_overview(job) -> tuple[bytes, str]:
    """The filtered overview as CSV or Excel, as the person who asked sees it."""
    user = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    if user is None or not user.is_active:
        raise NotFound("the account that asked is gone")
    kind = job.params["format"]
    return exports.overview_file(export_rows(user, job.params), kind), f"overview.{kind}"
