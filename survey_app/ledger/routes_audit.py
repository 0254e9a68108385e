"""The audit-log viewer: administrators see everything, a committee its own community."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from ..errors import FieldError, form_error
from ..models_base import utcnow
from ..permissions import community_ids, require
from . import auditlog, bp, pages
from .forms import AuditFilterForm


def _wanted(form) -> auditlog.AuditFilter:
    return auditlog.AuditFilter(who=form.who.data or "", what=form.what.data or "",
                                date_from=form.date_from.data, date_to=form.date_to.data,
                                community_id=form.community.data or None)


@bp.route("/audit/")
@require("audit.view")
def audit_log():
    """Who did what, when, in which community; filtered and a page at a time (read-only)."""
    from ..communities.services import visible_communities  # communities imports the ledger

    allowed = community_ids("audit.view", current_user)
    form = AuditFilterForm(formdata=request.args)
    pages.audit_filter_choices(form, auditlog.action_groups(allowed),
                               visible_communities("audit.view"))
    result, status = None, 200
    if form.validate():
        try:
            wanted = _wanted(form)
            auditlog.check_dates(wanted, utcnow().date())
            result = auditlog.search(wanted, allowed, request.args.get("page", 1, type=int),
                                     current_app.config["BABEL_DEFAULT_TIMEZONE"])
        except FieldError as exc:
            form_error(form, exc)
    if result is None:
        status = 400
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("ledger/audit.html", form=form, result=result, args=args,
                           labels=pages.audit_labels(),
                           communities={c.value: c.label for c in form.community.choices}), status
