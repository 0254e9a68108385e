"""Differences between two published versions, item by item; a version's paper questionnaire."""

import io

from flask import render_template, request, send_file

from ..extensions import db
from . import bp, exports
from .diffing import diff
from .models import QuestionnaireVersion


@bp.route("/<int:version_id>/diff/<int:other_id>")
def versions_diff(version_id, other_id):
    """Added, removed and changed items from one version to another (old → new texts)."""
    old = db.get_or_404(QuestionnaireVersion, version_id)
    new = db.get_or_404(QuestionnaireVersion, other_id)
    return render_template("questionnaires/diff.html", old=old, new=new,
                           diff=diff(old.definition, new.definition))


@bp.route("/<int:version_id>/paper.pdf")
def paper_pdf(version_id):
    """An owner questionnaire version as a blank A4 paper questionnaire to print."""
    version = db.get_or_404(QuestionnaireVersion, version_id)
    pdf = exports.paper_pdf(version.parsed, exports.PaperHeading(),
                            request.args.get("lang", "zh_CN"))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf",
                     download_name=f"paper-{version.key}-{version.version}.pdf")
