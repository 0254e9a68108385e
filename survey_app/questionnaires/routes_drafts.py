"""Drafts of a community's questionnaires: start, edit, download, publish, discard."""

import re
from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..acts.checklists import pending_for
from ..errors import FieldError
from ..extensions import db
from ..permissions import TWO_PARTY_KINDS, edits_kind, require
from ..routes_base import attempt, submit
from . import bp, drafts, pages, services, xlsform
from .forms import DraftYamlForm, NewDraftForm, SectionForm, TotalPointsForm, UploadDraftForm
from .loader import definition_files
from .routes import KIND_LABELS

#: both parties reach a community's drafts; permissions.DRAFT_EDITORS decides the kinds
MANAGE = "questionnaire.draft"


def _templates() -> dict:
    """The template library: the shipped definitions and the extra ones under library/."""
    folder = Path(current_app.config["QUESTIONNAIRES_DIR"])
    return {p.name: p for p in definition_files(folder) + definition_files(folder / "library")}


def _kind_of(path: Path) -> str:
    """The kind a template file declares (read, not validated: the draft check does that)."""
    match = re.search(r"^kind:\s*['\"]?([a-z_]+)", path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


def _sources(community_id: int | None = None):
    """Choices to start a draft from: the shipped files (the template library) and versions;
    shown only of the kinds the user edits in the community (the committee: joint
    checklists). A posted choice is checked against all of them, so that the service says
    why another kind is refused."""
    def offered(kind: str) -> bool:
        return community_id is None or edits_kind(kind, community_id)

    files = [SelectChoice(f"file:{name}", _("Template: %(name)s", name=name))
             for name, path in _templates().items() if offered(_kind_of(path))]
    versions = [SelectChoice(f"version:{v.id}", _("Published: %(label)s", label=v.label))
                for v in services.versions() if offered(v.kind)]
    return files + versions


def _index_page(community_id, new_form=None, upload_form=None, status=200):
    new_form = new_form or NewDraftForm()
    new_form.source.choices = _sources(community_id)
    return render_template("questionnaires/drafts.html", community_id=community_id,
                           drafts=drafts.drafts_of(community_id, current_user), new_form=new_form,
                           upload_form=upload_form or UploadDraftForm(),
                           kind_labels=KIND_LABELS), status


@bp.route("/drafts/<int:community_id>")
@require(MANAGE, community_arg="community_id")
def drafts_index(community_id):
    """A community's drafts and the ways to start one."""
    return _index_page(community_id)


def _start(community_id, source: str):
    kind, _sep, ref = source.partition(":")
    if kind == "version" and ref.isdigit():
        return drafts.draft_from_version(current_user, community_id, int(ref))
    paths = _templates()
    if kind != "file" or ref not in paths:
        raise FieldError("source", _("Choose a template or a published version."))
    text = paths[ref].read_text(encoding="utf-8")
    return drafts.create_draft(current_user, community_id, drafts.read_yaml(text))


@bp.route("/drafts/<int:community_id>/new", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def draft_new(community_id):
    """Start a draft from a template file or a published version."""
    form = NewDraftForm()
    form.source.choices = _sources()
    done = submit(form, lambda: _start(community_id, form.source.data), _("Draft started."),
                  lambda d: url_for(".draft_edit", community_id=community_id, draft_id=d.id))
    return done or _index_page(community_id, new_form=form, status=400)


@bp.route("/drafts/<int:community_id>/upload", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def draft_upload(community_id):
    """Start a draft from an uploaded YAML file."""
    form = UploadDraftForm()

    def action():
        data = form.file.data.read(5_000_000)
        if (form.file.data.filename or "").lower().endswith(".xlsx"):
            stem = re.sub(r"[^a-z0-9_]", "_", Path(form.file.data.filename).stem.lower())
            key = stem if re.match(r"^[a-z]", stem) else f"xlsform_{stem}"
            return drafts.create_draft(current_user, community_id,
                                       xlsform.read_xlsform(data, key))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise FieldError("file", _("The file is not UTF-8 text.")) from None
        try:
            definition = drafts.read_yaml(text)
        except FieldError as exc:
            raise FieldError("file", str(exc)) from None
        return drafts.create_draft(current_user, community_id, definition)

    done = submit(form, action, _("Draft started from the file."),
                  lambda d: url_for(".draft_edit", community_id=community_id, draft_id=d.id),
                  field="file")
    return done or _index_page(community_id, upload_form=form, status=400)


@bp.route("/drafts/<int:community_id>/<int:draft_id>", methods=["GET", "POST"])
@require(MANAGE, community_arg="community_id")
def draft_edit(community_id, draft_id):
    """Edit a draft's definition as YAML; schema problems are listed with their paths."""
    draft = drafts.get_draft(community_id, draft_id, current_user)
    form = DraftYamlForm()
    if not form.is_submitted():
        form.yaml.data = drafts.dump_yaml(draft.definition)
    target = url_for(".draft_edit", community_id=community_id, draft_id=draft_id)
    done = submit(form, lambda: drafts.update_draft(
        current_user, draft, drafts.read_yaml(form.yaml.data)), _("Draft saved."), target)
    if done:
        return done
    return render_template("questionnaires/draft.html", draft=draft, form=form,
                           problems=drafts.problems_of(draft.definition),
                           section_form=SectionForm(formdata=None),
                           points=pages.points_summary(draft.definition),
                           total_form=TotalPointsForm(
                               formdata=None, total_points=draft.definition.get("total_points")),
                           two_party=draft.kind in TWO_PARTY_KINDS,
                           proposal=pending_for(draft.id),
                           kind_labels=KIND_LABELS), 400 if form.errors else 200


@bp.route("/drafts/<int:community_id>/<int:draft_id>/download")
@require(MANAGE, community_arg="community_id")
def draft_download(community_id, draft_id):
    """The draft as a YAML file: uploading it again gives the identical definition."""
    draft = drafts.get_draft(community_id, draft_id, current_user)
    name = f"{draft.key or 'draft'}.yaml"
    return Response(drafts.dump_yaml(draft.definition), mimetype="application/x-yaml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/drafts/<int:community_id>/<int:draft_id>/publish", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def draft_publish(community_id, draft_id):
    """Freeze the draft as a new questionnaire version."""
    draft = drafts.get_draft(community_id, draft_id, current_user)
    try:
        version = drafts.publish_draft(current_user, draft)
    except FieldError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".draft_edit", community_id=community_id, draft_id=draft_id))
    db.session.commit()
    flash(_("Published %(label)s.", label=version.label), "success")
    previous = drafts.breaks_trends(version)
    if previous is not None:
        flash(_("Items or dimensions differ from %(label)s: trends across periods that use the "
                "two versions are not comparable.", label=previous.label), "error")
        return redirect(url_for(".versions_diff", version_id=previous.id, other_id=version.id))
    return redirect(url_for(".show", version_id=version.id))


@bp.route("/drafts/<int:community_id>/<int:draft_id>/delete", methods=["POST"])
@require(MANAGE, community_arg="community_id")
def draft_delete(community_id, draft_id):
    """Discard an unpublished draft."""
    draft = drafts.get_draft(community_id, draft_id, current_user)
    return attempt(lambda: drafts.delete_draft(current_user, draft), _("Draft discarded."),
                   url_for(".drafts_index", community_id=community_id))


