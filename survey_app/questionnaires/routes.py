"""Screens to review definition files and their published versions."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from . import bp, services
from .loader import DefinitionError, definition_files, load_definition
from .models import QuestionnaireVersion

#: the kinds in the seeds' words (staff should not have to read file keys)
KIND_LABELS = {"owner_survey": _l("Owner satisfaction survey"),
               "joint_inspection": _l("Joint inspection checklist"),
               "third_party": _l("Third-party assessment sheet"),
               "internal_inspection": _l("Internal inspection checklist (quality department)")}
TYPE_LABELS = {"likert": _l("rating scale"), "single_choice": _l("single choice"),
               "multi_choice": _l("multiple choice"), "nps": _l("recommendation (NPS)"),
               "number": _l("numeric answer"), "text": _l("free text"), "yes_no": _l("yes / no"),
               "points": _l("points item"), "photo": _l("photo item")}
#: show_if operators in words, for the condition shown under an item
CONDITION_OPS = {"eq": "=", "ne": "≠", "gte": "≥", "lte": "≤", "in": _l("is one of"),
                 "not_in": _l("is none of"), "answered": _l("is answered")}


@bp.route("/")
def index():
    """Published versions and the definition files waiting to be published."""
    files = []
    for path in definition_files(current_app.config["QUESTIONNAIRES_DIR"]):
        try:
            definition, problems = load_definition(path), []
        except DefinitionError as exc:
            definition, problems = None, exc.problems
        files.append((path.name, definition, problems))
    return render_template("questionnaires/index.html", versions=services.versions(),
                           files=files, kind_labels=KIND_LABELS)


@bp.route("/<int:version_id>")
def show(version_id):
    """A frozen version, item by item."""
    version = db.get_or_404(QuestionnaireVersion, version_id)
    definition = version.parsed
    return render_template("questionnaires/show.html", version=version, definition=definition,
                           kind_labels=KIND_LABELS, type_labels=TYPE_LABELS, ops=CONDITION_OPS,
                           dimension_labels={d.key: d.label for d in definition.dimensions})


@bp.route("/publish/<name>", methods=["POST"])
def publish(name):
    """Freeze a definition file as a new version."""
    paths = {p.name: p for p in definition_files(current_app.config["QUESTIONNAIRES_DIR"])}
    if name not in paths:
        flash(_("No definition file named %(name)s.", name=name), "error")
        return redirect(url_for(".index"))
    try:
        version, created = services.publish(load_definition(paths[name]), current_user)
    except (DefinitionError, services.VersionConflict) as exc:
        flash(str(exc), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    if created:
        flash(_("Published %(label)s.", label=version.label), "success")
    else:
        flash(_("%(label)s was already published with the same content.", label=version.label),
              "info")
    return redirect(url_for(".show", version_id=version.id))
