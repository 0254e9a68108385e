"""The public signing page: token-gated, phone first, works without an account."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..errors import FieldError, form_error
from ..extensions import db
from ..permissions import public
from . import bp, services
from .forms import DrawnSignatureForm


def _refused(exc: FieldError, status: int = 410):
    return render_template("signing/message.html", message=str(exc), ok=False), status


@bp.route("/<token>", methods=["GET", "POST"])
@public
def sign(token):
    """A participant without an account signs on their own phone: name and drawn signature."""
    try:
        link = services.open_link(token, viewer=current_user)
        subject = services.summary(link)
    except FieldError as exc:
        return _refused(exc, 403 if current_user.is_authenticated else 410)
    form = DrawnSignatureForm()
    if form.validate_on_submit():
        try:
            services.complete(link, name=form.name.data, drawing=form.signature.data,
                              device=request.user_agent.string or "")
        except FieldError as exc:
            db.session.rollback()
            if exc.field == "link":
                return _refused(exc)
            form_error(form, exc)
        else:
            db.session.commit()
            return render_template("signing/message.html", ok=True, subject=subject)
    status = 400 if request.method == "POST" else 200
    return render_template("signing/sign.html", form=form, subject=subject), status
