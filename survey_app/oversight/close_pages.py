"""Presentation of a quarter close: its progress page's parts, named by community."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..errors import NotFound
from ..jobs import pages as job_pages
from ..jobs.models import ITEM_STATES, Job
from ..permissions import user_roles
from . import closing

#: what a part did, by the code it stored (a failure stores its error's text)
PART_MESSAGES = {
    closing.STORED: _l("Result of record stored; overview row written."),
    closing.RECORDED: _l("Already had its result of record; overview row rewritten."),
    closing.OPEN: _l("Not closed yet: closing is a two-party act (the company proposes, the "
                     "owners' committee confirms) on the period's page."),
}


def part_message(item) -> str:
    """A part's message in words."""
    return str(PART_MESSAGES.get(item.message, item.message))


def parts_context(job: Job) -> dict:
    """The progress page's parts: done/total and the failed and skipped communities."""
    # the parts name communities: another company's director must not learn them
    if job.requested_by_id != current_user.id and "admin" not in user_roles(current_user):
        raise NotFound
    return {"parts": closing.parts_summary(job), "part_message": part_message,
            "item_states": ITEM_STATES, "label": job.params.get("label", "")}


job_pages.KIND_LABELS[closing.KIND] = _l("Closing a quarter for many communities")
job_pages.BACK_LINKS[closing.KIND] = lambda job: url_for("oversight.close_quarter")
job_pages.DETAILS[closing.KIND] = parts_context
