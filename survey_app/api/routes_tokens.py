"""Staff pages for API tokens: create (the raw token is shown once), list, revoke."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import FieldError, form_error
from ..extensions import db
from ..models_base import utcnow
from ..permissions import require
from . import tokens, tokens_bp
from .forms import ALL, TokenForm


def _form(formdata=True) -> TokenForm:
    form = TokenForm() if formdata else TokenForm(formdata=None)
    form.set_communities(tokens.token_communities(current_user))
    return form


@tokens_bp.route("", methods=["GET", "POST"])
@require("api.manage")
def manage():
    """Create and list your API tokens (a new token is shown once)."""
    form, raw = _form(), None
    if form.validate_on_submit():
        try:
            _token, raw = tokens.create_token(
                current_user, form.name.data, scopes=form.scopes, days=form.days.data,
                community_id=None if form.community.data == ALL else form.community.data)
        except FieldError as exc:
            form_error(form, exc if exc.field != "scopes" else FieldError(
                "scope_published", str(exc)))
        else:
            db.session.commit()
            form = _form(formdata=False)
    return render_template("api/tokens.html", form=form, raw=raw, now=utcnow(),
                           tokens=tokens.list_tokens(current_user),
                           names=_community_names()), 400 if form.errors else 200


def _community_names() -> dict[int, str]:
    return {c.id: c.name for c in tokens.token_communities(current_user)}


@tokens_bp.route("/<int:token_id>/revoke", methods=["POST"])
@require("api.manage")
def revoke(token_id):
    """Revoke one of your API tokens (an admin: any token)."""
    tokens.revoke_token(current_user, token_id)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for(".manage"))
