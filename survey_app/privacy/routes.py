"""The administrator's page for one person's request: export or delete their data."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..errors import FieldError, form_error
from ..extensions import db
from ..models_base import utcnow
from ..permissions import require
from . import bp, consent, services
from .forms import PersonRequestForm


@bp.route("/admin/privacy", methods=["GET", "POST"])
@require("privacy.manage")
def person_request():
    """Export or delete the data of the person with a phone number."""
    form = PersonRequestForm()
    if form.validate_on_submit():
        try:
            return _carry_out(form)
        except FieldError as exc:
            db.session.rollback()
            form_error(form, exc)
    return render_template("privacy/request.html", form=form, consent=consent), \
        400 if form.errors else 200


def _carry_out(form):
    """Run the chosen request: a JSON download, or the deletion and a message."""
    if form.action.data == "delete":
        count = services.delete_person(form.phone.data, utcnow())
        db.session.commit()
        flash(_("Name, phone and room were removed from %(n)s tickets. The tickets themselves "
                "and every figure stay.", n=count), "success")
        return redirect(url_for(".person_request"))
    data = services.export_person(form.phone.data)
    db.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=personal-data.json"})
