"""Third-party score sheets drafted by an assessor organisation: its lead starts, edits,
previews and publishes them (the company does not write the sheets it is assessed on)."""

from flask import Response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..permissions import ensure_org_lead, require
from ..routes_base import attempt, submit
from . import bp, drafts, pages, services
from .forms import DraftYamlForm, NewDraftForm, SectionForm, TotalPointsForm
from .routes_drafts import _templates

RULE = "sheet.edit"
PREFIX = "/sheets/<int:organisation_id>"


def _sources():
    """Third-party templates and published third-party versions to start a sheet from."""
    files = [SelectChoice(f"file:{name}", _("Template: %(name)s", name=name))
             for name, path in _templates().items() if "kind: third_party" in path.read_text(
                 encoding="utf-8")]
    return files + [SelectChoice(f"version:{v.id}", _("Published: %(label)s", label=v.label))
                    for v in services.versions("third_party")]


def _sheet_url(draft) -> str:
    return url_for(".sheet_edit", organisation_id=draft.organisation_id, draft_id=draft.id)


@bp.route(PREFIX, methods=["GET", "POST"])
@require(RULE)
def sheets_index(organisation_id):
    """The organisation's score-sheet drafts and a form to start one."""
    ensure_org_lead(organisation_id, current_user)
    form = NewDraftForm()
    form.source.choices = _sources()
    done = submit(form, lambda: _start(organisation_id, form.source.data), _("Draft started."),
                  _sheet_url)
    return done or (render_template(
        "questionnaires/sheets.html", organisation_id=organisation_id, new_form=form,
        drafts=drafts.drafts_of(None, organisation_id=organisation_id)),
        400 if form.errors else 200)


def _start(organisation_id: int, source: str):
    kind, _sep, ref = source.partition(":")
    if kind == "version" and ref.isdigit():
        version = services.version_of_kind(int(ref), "third_party")
        definition = drafts.dump_and_read(version.definition) if version else None
    else:
        path = _templates().get(ref) if kind == "file" else None
        definition = drafts.read_yaml(path.read_text(encoding="utf-8")) if path else None
    if definition is None:
        from ..errors import FieldError

        raise FieldError("source", _("Choose a template or a published version."))
    return drafts.create_draft(current_user, None, definition, organisation_id=organisation_id)


@bp.route(PREFIX + "/<int:draft_id>", methods=["GET", "POST"])
@require(RULE)
def sheet_edit(organisation_id, draft_id):
    """Edit a sheet draft as YAML; schema problems are listed with their paths."""
    draft = drafts.get_org_draft(organisation_id, draft_id, current_user)
    form = DraftYamlForm()
    if not form.is_submitted():
        form.yaml.data = drafts.dump_yaml(draft.definition)
    done = submit(form, lambda: drafts.update_draft(current_user, draft, drafts.read_yaml(
        form.yaml.data)), _("Draft saved."), _sheet_url(draft))
    return done or (render_template(
        "questionnaires/sheet.html", draft=draft, form=form,
        problems=drafts.problems_of(draft.definition), section_form=SectionForm(formdata=None),
        points=pages.points_summary(draft.definition), total_form=TotalPointsForm(
            formdata=None, total_points=draft.definition.get("total_points"))),
        400 if form.errors else 200)


@bp.route(PREFIX + "/<int:draft_id>/preview")
@require(RULE)
def sheet_preview(organisation_id, draft_id):
    """The sheet as the scoring pages group it (the walk-round's view of a checklist)."""
    draft = drafts.get_org_draft(organisation_id, draft_id, current_user)
    return render_template("questionnaires/checklist_preview.html",
                           **pages.checklist_preview(drafts.parsed_draft(draft)))


@bp.route(PREFIX + "/<int:draft_id>/download")
@require(RULE)
def sheet_download(organisation_id, draft_id):
    """The sheet draft as a YAML file."""
    draft = drafts.get_org_draft(organisation_id, draft_id, current_user)
    return Response(drafts.dump_yaml(draft.definition), mimetype="application/x-yaml",
                    headers={"Content-Disposition":
                             f'attachment; filename="{draft.key or "sheet"}.yaml"'})


@bp.route(PREFIX + "/<int:draft_id>/publish", methods=["POST"])
@require(RULE)
def sheet_publish(organisation_id, draft_id):
    """Freeze the sheet as a version that assessment projects can choose."""
    draft = drafts.get_org_draft(organisation_id, draft_id, current_user)
    return attempt(lambda: drafts.publish_draft(current_user, draft), _("Published."),
                   _sheet_url(draft))
