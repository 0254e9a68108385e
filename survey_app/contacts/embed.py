"""The opt-in section other features' owner forms embed: the route-side steps around it.

A route builds the section with ``section()`` (None when SMS is off, so nothing is shown or
promised), lets ``code_requested`` / ``request_code`` handle the "send code" button, and calls
``services.opt_in`` inside its own try block; ``after_failure`` keeps the count of wrong codes
once the rest of the request is rolled back.
"""

from __future__ import annotations

from flask import flash, request
from flask_babel import gettext as _

from ..errors import FieldError, form_error
from ..extensions import db
from . import services
from .forms import OptInForm


def section(form_class=OptInForm):
    """The opt-in fields bound to this request, or None when codes cannot be sent."""
    return form_class(prefix="notify") if services.available() else None


def code_requested(optin) -> bool:
    """Whether the owner pressed "send code" (the rest of the form is kept, not sent)."""
    return optin is not None and request.method == "POST" and bool(optin.send_code.data)


def wants_opt_in(optin) -> bool:
    """Whether the owner left a number for messages."""
    return optin is not None and bool((optin.phone.data or "").strip())


def request_code(optin) -> bool:
    """Send a code to the number in the section, committing the code row; True if sent."""
    try:
        phone = services.send_code(optin.phone.data, request.remote_addr or "")
    except FieldError as exc:
        db.session.rollback()
        form_error(optin, exc)
        return False
    db.session.commit()
    optin.phone.data = phone
    flash(_("A code was sent to %(phone)s. It is valid for 10 minutes.",
            phone=services.mask(phone)), "info")
    return True


def after_failure(exc: FieldError) -> None:
    """After the route rolled back: count a wrong code, the one change kept (then commit)."""
    if isinstance(exc, services.WrongCode):
        services.count_wrong_code(exc.code_id)
    db.session.commit()


def show_error(form, optin, exc: FieldError) -> None:
    """Put a FieldError beside its field, in the section or in the outer form."""
    target = optin if optin is not None and exc.field in ("phone", "code", "consent") else form
    form_error(target, exc)
