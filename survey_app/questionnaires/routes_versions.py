"""Differences between two published versions, item by item."""

from flask import render_template

from ..extensions import db
from . import bp
from .diffing import diff
from .models import QuestionnaireVersion


@bp.route("/<int:version_id>/diff/<int:other_id>")
def versions_diff(version_id, other_id):
    """Added, removed and changed items from one version to another (old → new texts)."""
    old = db.get_or_404(QuestionnaireVersion, version_id)
    new = db.get_or_404(QuestionnaireVersion, other_id)
    return render_template("questionnaires/diff.html", old=old, new=new,
                           diff=diff(old.definition, new.definition))
