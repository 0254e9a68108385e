"""The account's mobile number for SMS, a section of the preferences page: send a code,
verify it, remove the number."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ..contacts.services import WrongCode, count_wrong_code, mask
from ..errors import FieldError, form_error
from ..extensions import db, limiter
from ..routes_base import attempt
from . import bp, phone
from .forms import PhoneForm
from .routes import render_page


def _phone_limit() -> str:
    """A flood guard per account; the real limits (per number, account, address) are the
    codes' own (contacts/services.py), kept in the database."""
    return current_app.config.get("ACCOUNT_PHONE_RATE_LIMIT", "10 per minute;60 per day")


def _per_account() -> str:
    # the limiter may run before the sign-in check: an anonymous request is keyed by address
    user_id = getattr(current_user, "id", None)
    return f"account-phone:{user_id}" if user_id else get_remote_address()


@bp.record_once
def _phone_global(state) -> None:
    # pages of any feature that show an account's number show it through this
    state.app.jinja_env.globals["account_phone"] = lambda user: phone.shown(user, current_user)


@bp.route("/phone", methods=["POST"])
@limiter.limit(_phone_limit, key_func=_per_account, methods=["POST"])
def phone_number():
    """Send a code to the number typed in, or verify the number with the code received."""
    form = PhoneForm(prefix="sms")
    verifying = bool(form.verify.data)
    if not form.validate_on_submit():
        return render_page(status=400, phone_form=form, awaiting_code=verifying)
    try:
        if verifying:
            number = phone.verify(current_user, form.phone.data, form.code.data)
        else:
            number = phone.request_code(current_user, form.phone.data,
                                        request.remote_addr or "")
    except FieldError as exc:
        db.session.rollback()
        if isinstance(exc, WrongCode):
            count_wrong_code(exc.code_id)  # the one change a refused code keeps
        db.session.commit()
        form_error(form, exc)
        return render_page(status=400, phone_form=form, awaiting_code=verifying)
    db.session.commit()
    if verifying:
        flash(_("Your mobile number %(phone)s is verified: SMS notifications go to it.",
                phone=number), "success")
        return redirect(url_for(".preferences_page"))
    flash(_("A code was sent to %(phone)s. It is valid for 10 minutes.", phone=mask(number)),
          "info")
    form.phone.data, form.code.data = number, ""
    return render_page(phone_form=form, awaiting_code=True)


@bp.route("/phone/remove", methods=["POST"])
def remove_phone():
    """Remove the account's mobile number: no SMS until a number is verified again."""
    return attempt(lambda: phone.remove(current_user),
                   _("Your mobile number was removed; no SMS notifications are sent now."),
                   url_for(".preferences_page"))
