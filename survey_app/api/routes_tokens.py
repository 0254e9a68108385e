"""Staff pages for API tokens: create (the raw token is shown once), list, revoke."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..permissions import require
from . import tokens, tokens_bp
from .forms import TokenForm


@tokens_bp.route("", methods=["GET", "POST"])
@require("api.manage")
def manage():
    """Create and list API tokens (a new token is shown once)."""
    form = TokenForm()
    raw = None
    if form.validate_on_submit():
        _token, raw = tokens.create_token(form.name.data, current_user)
        db.session.commit()
        form = TokenForm(formdata=None)
    return render_template("api/tokens.html", form=form, raw=raw,
                           tokens=tokens.list_tokens()), 400 if form.errors else 200


@tokens_bp.route("/<int:token_id>/revoke", methods=["POST"])
@require("api.manage")
def revoke(token_id):
    """Revoke an API token."""
    tokens.revoke_token(token_id)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for(".manage"))
