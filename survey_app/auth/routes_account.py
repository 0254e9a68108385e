"""The signed-in user's own account: password, sessions, two-factor sign-in; the code step
of signing in; an administrator's password reset."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..errors import FieldError, form_error
from ..extensions import db
from ..guards.redirects import safe_next
from ..models_base import utcnow
from ..permissions import login_only, public, require
from ..routes_base import attempt, submit
from . import bp, pages, services, sessions, twofactor
from .forms import CodeForm, PasswordChangeForm, TwoFactorOffForm
from .models import User

#: endpoints a user who must change their password may still reach
FORCED_CHANGE_ALLOWS = {"auth.change_password", "auth.logout", "auth.set_language", "static",
                        "favicon", "main.health"}
PENDING = "two_factor_pending"
PENDING_LIFETIME = timedelta(minutes=5)


@bp.before_app_request
def _forced_password_change():
    """After an administrator's reset, every page leads to the password form until changed."""
    if (getattr(current_user, "is_authenticated", False) and current_user.must_change_password
            and request.endpoint not in FORCED_CHANGE_ALLOWS):
        flash(_("Please choose a new password before you continue."), "info")
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/account/password", methods=["GET", "POST"])
@login_only
def change_password():
    """Change one's own password (the current one is needed)."""
    form = PasswordChangeForm()
    return submit(form, lambda: services.change_own_password(
        current_user, form.current_password.data, form.new_password.data,
        form.repeat_password.data), _("Your password has been changed."), url_for("main.home")) \
        or render_template("auth/password.html", form=form,
                           forced=current_user.must_change_password,
                           offer_two_factor=twofactor.may_enrol(current_user))


@bp.route("/account/sessions")
@login_only
def my_sessions():
    """The user's own sign-ins: browser, truncated address, last activity."""
    return render_template("auth/sessions.html", rows=pages.session_rows(current_user))


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_only
def end_other_sessions():
    """Sign out everywhere else: every other sign-in of the account ends."""
    return attempt(lambda: services.end_other_sessions(current_user),
                   _("You have been signed out on every other device."),
                   url_for(".my_sessions"))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_only
def two_factor():
    """Turn two-factor sign-in on (scan, then confirm with a code) or see that it is on."""
    form, off_form = CodeForm(), TwoFactorOffForm()
    if twofactor.enabled(current_user):
        return render_template("auth/two_factor.html", form=form, off_form=off_form,
                               enabled=True, remaining=twofactor.remaining_codes(current_user))
    uri = twofactor.begin(current_user)
    if form.validate_on_submit():
        codes = _checked(form, lambda: twofactor.confirm(current_user, form.code.data))
        if codes is not None:
            return render_template("auth/recovery_codes.html", codes=codes)
    db.session.commit()  # the new secret must be the one the page's QR code shows next time
    return render_template("auth/two_factor.html", form=form, enabled=False,
                           qr=pages.qr_svg(uri), secret=current_user.totp_secret)


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_only
def two_factor_off():
    """Turn two-factor sign-in off: password and a current code."""
    off_form = TwoFactorOffForm()
    if off_form.validate_on_submit() and _checked(off_form, lambda: twofactor.disable(
            current_user, off_form.password.data, off_form.code.data)) is not None:
        flash(_("Two-factor sign-in is off."), "success")
        return redirect(url_for(".two_factor"))
    return render_template("auth/two_factor.html", form=CodeForm(formdata=None),
                           off_form=off_form, enabled=True,
                           remaining=twofactor.remaining_codes(current_user)), 400


def _checked(form, action):
    """Run a code-checking action; its result, or None with the error beside its field.

    Committed either way: a wrong code must stay counted (the action changed nothing else).
    """
    try:
        result = action()
    except FieldError as exc:
        db.session.commit()
        form_error(form, exc)
        return None
    db.session.commit()
    return True if result is None else result


def start_pending(user: User, remember: bool) -> None:
    """Password accepted for an account with two-factor sign-in: the code comes next."""
    session[PENDING] = {"user": user.id, "remember": bool(remember),
                        "until": (utcnow() + PENDING_LIFETIME).isoformat()}


def _pending():
    pending = session.get(PENDING) or {}
    if not pending or pending.get("until", "") < utcnow().isoformat():
        return None, False
    user = db.session.get(User, pending.get("user"))
    return (user if user is not None and user.active else None), pending.get("remember", False)


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code():
    """The second step of signing in: the authenticator code (or a recovery code)."""
    user, remember = _pending()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit() and _checked(form, lambda: twofactor.check(
            user, form.code.data)) is not None:
        session.pop(PENDING, None)
        sessions.start(user, remember=remember)
        login_user(user, remember=remember)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/code.html", form=form)


@bp.route("/admin/users/<int:user_id>/reset", methods=["POST"])
@require("admin.users")
def reset_password(user_id):
    """An administrator sets a temporary password; the user must change it at sign-in."""
    user, temporary = services.reset_password(user_id)
    db.session.commit()
    return render_template("auth/reset_done.html", user=user, temporary=temporary)
