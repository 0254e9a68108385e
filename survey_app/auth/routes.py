"""Login, logout and the language switch."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import db, limiter
from ..guards.redirects import safe_next
from ..permissions import ROLES, login_only, public, require
from ..routes_base import submit
from . import bp, guard, services, sessions
from .forms import LoginForm, UserForm
from .models import ROLE_LABELS


def _login_limit() -> str:
    """A flood guard per address; the real limits are in guard.py (shared, failures only)."""
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with username and password."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data)
        except guard.LoginRefused as refused:
            user, status = None, 429
            form.password.errors.append(_(
                "Too many failed sign-ins. Please wait %(minutes)s minutes and try again.",
                minutes=refused.minutes))
        else:
            if user is None:
                flash(_("Wrong username or password."), "error")
        db.session.commit()
        if user is not None:
            return _signed_in(user, form.remember.data)
    return render_template("auth/login.html", form=form), status


def _signed_in(user, remember: bool):
    """Password accepted: sign in, or ask for the second factor first."""
    from . import twofactor

    target = request.args.get("next")
    if twofactor.enabled(user):
        routes_account.start_pending(user, remember)
        return redirect(url_for(".login_code", next=target))
    sessions.start(user, remember=remember)
    login_user(user, remember=remember)
    db.session.commit()
    return redirect(safe_next(target))


@bp.route("/logout", methods=["POST"])
@login_only
def logout():
    """Sign out: the sign-in ends on the server too, so old cookies no longer work."""
    sessions.end(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("auth.login"))
    # pages the offline walk-round cached must not outlive the sign-in (IndexedDB and the
    # worker's caches are cleared by walk-clear.js on the sign-in page, leaving owner drafts)
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/lang/<code>")
@public
def set_language(code):
    """Remember the chosen interface language in the session."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


def _user_form() -> UserForm:
    from ..communities.services import visible_communities

    form = UserForm()
    form.role.choices = [(role, ROLE_LABELS[role]) for role in ROLES]
    form.community.choices = [(0, _("All communities"))] + [
        (c.id, c.name) for c in visible_communities()]
    return form


@bp.route("/admin/users", methods=["GET", "POST"])
@require("admin.users")
def users():
    """List accounts and create new ones."""
    form = _user_form()
    return submit(form, lambda: services.create_user(
        form.username.data, form.password.data, form.role.data,
        [form.community.data] if form.community.data else [],
        display_name=form.display_name.data, organisation=form.organisation.data or ""),
        _("Account created."), url_for(".users")) \
        or render_template("auth/users.html", form=form, users=services.all_users(),
                           role_labels=ROLE_LABELS, community_names=dict(form.community.choices))


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@require("admin.users")
def toggle_active(user_id):
    """Deactivate or reactivate an account."""
    user = services.set_active(user_id, request.form.get("active") == "1")
    db.session.commit()
    flash(_("%(name)s is now %(state)s.", name=user.username,
            state=_("active") if user.active else _("inactive")), "success")
    return redirect(url_for(".users"))


from . import routes_account  # noqa: E402,F401
