"""The draft editor without script: sections and items added, moved, edited and deleted."""

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import FieldError, NotFound
from ..permissions import require
from ..routes_base import attempt, submit
from ..surveys.questions import answerable_items
from . import bp, drafts, editing, pages
from .forms import SectionForm, TotalPointsForm
from .schema import CHECKLIST_KINDS

#: both parties reach a community's drafts; permissions.DRAFT_EDITORS decides the kinds
MANAGE = "questionnaire.draft"
PREFIX = "/drafts/<int:community_id>/<int:draft_id>"
STEPS = {"up": -1, "down": 1}


def _back(draft, anchor=""):
    return pages.draft_url("draft_edit", draft) + anchor


def _step(direction: str) -> int:
    if direction not in STEPS:
        raise NotFound(direction)
    return STEPS[direction]


@bp.route(PREFIX + "/sections/<int:s>/<direction>", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def section_move(community_id, draft_id, s, direction):
    """Move a section up or down (a plain form button: works without script)."""
    return move_section(drafts.get_draft(community_id, draft_id, current_user), s, direction)


def move_section(draft, s, direction):
    """Move a section of any draft (a community's or an organisation's sheet)."""
    return attempt(lambda: drafts.change_draft(current_user, draft, editing.move_section, s,
                                               _step(direction)), None, _back(draft, "#outline"))


@bp.route(PREFIX + "/sections/<int:s>/delete", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def section_delete(community_id, draft_id, s):
    """Delete a section with its items."""
    return delete_section(drafts.get_draft(community_id, draft_id, current_user), s)


def delete_section(draft, s):
    """Delete a section of any draft."""
    return attempt(lambda: drafts.change_draft(current_user, draft, editing.delete_section, s),
                   _("Section deleted."), _back(draft, "#outline"))


@bp.route(PREFIX + "/sections/add", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def section_add(community_id, draft_id):
    """Add an empty section at the end (the check asks for its first item)."""
    return add_section(drafts.get_draft(community_id, draft_id, current_user))


def add_section(draft):
    """Add a section to any draft."""
    form = SectionForm()
    done = submit(form, lambda: drafts.change_draft(
        current_user, draft, editing.add_section, form.section_id.data, form.title_zh.data,
        form.title_en.data or ""), _("Section added."), _back(draft, "#outline"))
    return done or (render_template("questionnaires/section_form.html", draft=draft,
                                    form=form), 400)


@bp.route(PREFIX + "/sections/<int:s>/items/<int:i>/<direction>", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def item_move(community_id, draft_id, s, i, direction):
    """Move an item up or down within its section."""
    return move_item(drafts.get_draft(community_id, draft_id, current_user), s, i, direction)


def move_item(draft, s, i, direction):
    """Move an item of any draft within its section."""
    return attempt(lambda: drafts.change_draft(current_user, draft, editing.move_item, s, i,
                                               _step(direction)), None, _back(draft, "#outline"))


@bp.route(PREFIX + "/sections/<int:s>/items/<int:i>/delete", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def item_delete(community_id, draft_id, s, i):
    """Delete an item."""
    return delete_item(drafts.get_draft(community_id, draft_id, current_user), s, i)


def delete_item(draft, s, i):
    """Delete an item of any draft."""
    return attempt(lambda: drafts.change_draft(current_user, draft, editing.delete_item, s, i),
                   _("Item deleted."), _back(draft, "#outline"))


@bp.route(PREFIX + "/sections/<int:s>/items/<int:i>", methods=["GET", "POST"])
@bp.route(PREFIX + "/sections/<int:s>/items/new", methods=["GET", "POST"])
@require(MANAGE, community_arg="community_id")
def item_edit(community_id, draft_id, s, i=None):
    """Edit or add an item; the schema's objections appear on the field they concern."""
    return edit_item(drafts.get_draft(community_id, draft_id, current_user), s, i)


def edit_item(draft, s, i):
    """Edit or add an item of any draft."""
    try:
        old = editing.item_at(draft.definition, s, i) if i is not None else None
        editing.section_at(draft.definition, s)
    except IndexError:
        raise NotFound(draft.id) from None
    form = pages.item_form_for(draft.kind)
    pages.fill_item_form(form, draft.definition, s, i)
    done = submit(form, lambda: drafts.save_item(current_user, draft, s, i,
                                                 pages.item_from_form(form, old)),
                  _("Item saved."), _back(draft, "#outline"))
    if done:
        return done
    return render_template("questionnaires/item_form.html", draft=draft, form=form, s=s, i=i,
                           section=draft.definition["sections"][s]), \
        400 if form.errors else 200


@bp.route(PREFIX + "/total", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def total_points(community_id, draft_id):
    """Set the total a checklist claims (满分); a sum that differs goes beside the field."""
    return set_total(drafts.get_draft(community_id, draft_id, current_user))


def set_total(draft):
    """Set the claimed total of any checklist draft."""
    form = TotalPointsForm()
    done = submit(form, lambda: drafts.set_total_points(current_user, draft,
                                                        form.total_points.data),
                  _("Draft saved."), _back(draft, "#points-total"))
    return done or (render_template("questionnaires/total_form.html", draft=draft,
                                    form=form), 400)


class _PreviewLinks:
    """Links of the owner template in the preview: answers are never sent anywhere."""

    def page(self, number: int) -> str:
        return "#"

    def all(self) -> str:
        return "#"


@bp.route(PREFIX + "/preview")
@require(MANAGE, community_arg="community_id")
def draft_preview(community_id, draft_id):
    """The draft as its users see it: the owner page at phone width, or a checklist as the
    walk-round shows it."""
    draft = drafts.get_draft(community_id, draft_id, current_user)
    try:
        definition = drafts.parsed_draft(draft)
    except FieldError as exc:
        flash(str(exc), "error")
        return redirect(_back(draft))
    if definition.kind in CHECKLIST_KINDS:
        return render_template("questionnaires/checklist_preview.html",
                               **pages.checklist_preview(definition))
    return render_template(
        "surveys/owner/all.html", survey=None, definition=definition, preview=True,
        sections=[(sec, answerable_items(definition, n))
                  for n, sec in enumerate(definition.sections)],
        answers={}, errors={}, links=_PreviewLinks())
