"""The draft editor (sections and items, no script needed) on an assessor organisation's
score sheets: the same views as a community's drafts, for the organisation's lead."""

from flask_login import current_user

from ..permissions import require
from . import bp, drafts, routes_editor

RULE = "sheet.edit"
PREFIX = "/sheets/<int:organisation_id>/<int:draft_id>"


def _sheet(organisation_id, draft_id):
    return drafts.get_org_draft(organisation_id, draft_id, current_user)


@bp.route(PREFIX + "/sections/<int:s>/<direction>", methods=["POST"])
@require(RULE)
def sheet_section_move(organisation_id, draft_id, s, direction):
    """Move a section of a score sheet up or down."""
    return routes_editor.move_section(_sheet(organisation_id, draft_id), s, direction)


@bp.route(PREFIX + "/sections/<int:s>/delete", methods=["POST"])
@require(RULE)
def sheet_section_delete(organisation_id, draft_id, s):
    """Delete a section of a score sheet."""
    return routes_editor.delete_section(_sheet(organisation_id, draft_id), s)


@bp.route(PREFIX + "/sections/add", methods=["POST"])
@require(RULE)
def sheet_section_add(organisation_id, draft_id):
    """Add a section to a score sheet."""
    return routes_editor.add_section(_sheet(organisation_id, draft_id))


@bp.route(PREFIX + "/sections/<int:s>/items/<int:i>/<direction>", methods=["POST"])
@require(RULE)
def sheet_item_move(organisation_id, draft_id, s, i, direction):
    """Move an item of a score sheet within its section."""
    return routes_editor.move_item(_sheet(organisation_id, draft_id), s, i, direction)


@bp.route(PREFIX + "/sections/<int:s>/items/<int:i>/delete", methods=["POST"])
@require(RULE)
def sheet_item_delete(organisation_id, draft_id, s, i):
    """Delete an item of a score sheet."""
    return routes_editor.delete_item(_sheet(organisation_id, draft_id), s, i)


@bp.route(PREFIX + "/sections/<int:s>/items/<int:i>", methods=["GET", "POST"])
@bp.route(PREFIX + "/sections/<int:s>/items/new", methods=["GET", "POST"])
@require(RULE)
def sheet_item_edit(organisation_id, draft_id, s, i=None):
    """Edit or add a score-sheet item (max points, deduction rule, floor, 不适用 ...)."""
    return routes_editor.edit_item(_sheet(organisation_id, draft_id), s, i)


@bp.route(PREFIX + "/total", methods=["POST"])
@require(RULE)
def sheet_total_points(organisation_id, draft_id):
    """Set the total a score sheet claims (满分)."""
    return routes_editor.set_total(_sheet(organisation_id, draft_id))
