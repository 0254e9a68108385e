"""The opt-in section other features' owner forms embed: the route-side steps around it.

A route builds the section with ``section()`` (None when SMS is off, so nothing is shown or
promised), lets ``code_requested`` / ``request_code`` handle the "send code" button, and calls
``services.opt_in`` inside its own try block; ``after_failure`` keeps the count of wrong codes
once the rest of the request is rolled back. ``wechat_section()`` is the WeChat choice
beside it (None while WeChat is off); ``wechat_start`` turns a ticked choice into the
address of WeChat's authorisation, where the route sends the owner after committing.
"""

from __future__ import annotations

from flask import flash, request
from flask_babel import gettext as _

from ..errors import FieldError, form_error
from ..extensions import db
from ..notifications import wechat_auth
from . import services, wechat
from .forms import OptInForm, WechatOptInForm


def section(form_class=OptInForm):
    """The opt-in fields bound to this request, or None when codes cannot be sent."""
    return form_class(prefix="notify") if services.available() else None


def wechat_section():
    """The WeChat choice bound to this request, or None when WeChat is not configured."""
    if not wechat.available():
        return None
    wechat_auth.allow_leaving_for_wechat()
    return WechatOptInForm(prefix="wx")


def wechat_start(wx, community_id: int, ticket_id: int) -> str | None:
    """Where to send the owner to confirm WeChat for this ticket, or None when not chosen;
    FieldError on ``wechat_consent`` when the consent is missing."""
    if wx is None or not wx.wechat.data:
        return None
    return wechat.start_for_ticket(community_id, ticket_id, bool(wx.wechat_consent.data))


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


def show_error(form, optin, exc: FieldError, wx=None) -> None:
    """Put a FieldError beside its field, in a section or in the outer form."""
    target = optin if optin is not None and exc.field in ("phone", "code", "consent") else form
    if wx is not None and exc.field == "wechat_consent":
        target = wx
    form_error(target, exc)
