"""An account's mobile number for SMS notifications: verified by a code, changed, removed.

The number's format (中国大陆手机号), the 6-digit code hashed at rest, its expiry, wrong-try
limit and per-number limits are the owners' opt-in (contacts/services.py), used here with the
account's id so a code also counts against the account and verifies only its own number. A
number is stored on the account only once verified; until then nothing is sent to it.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, update

from .. import audit
from ..contacts import services as codes
from ..errors import FieldError
from ..extensions import db
from ..models_base import utcnow
from .channels import sms, sms_aliyun
from .models import Delivery, NotificationPreference

NOT_CONFIGURED, NO_NUMBER = "not_configured", "no_number"
#: why the SMS column of the preferences grid cannot be chosen
REASONS = {
    NOT_CONFIGURED: _l("SMS is not configured on this server."),
    NO_NUMBER: _l("Your account has no verified mobile number yet (see below)."),
}
#: what an account that chose SMS is told when nothing can reach it
WARNINGS = {
    NOT_CONFIGURED: _l("You chose SMS for some events, but this server is not set up to send "
                       "SMS: those messages are not sent (your inbox still has them)."),
    NO_NUMBER: _l("You chose SMS for some events, but your account has no verified mobile "
                  "number: those messages are not sent. Add and verify a number below."),
}


def problem(user) -> str | None:
    """Why SMS cannot reach this account now (NOT_CONFIGURED, NO_NUMBER), or None."""
    if not sms_aliyun.configured():
        return NOT_CONFIGURED
    return None if sms.address_of(user) else NO_NUMBER


def chose_sms(user_id: int) -> bool:
    """Whether the account switched SMS on for some event group itself (a stored choice)."""
    return bool(db.session.scalar(select(exists().where(
        NotificationPreference.user_id == user_id, NotificationPreference.channel == "sms",
        NotificationPreference.enabled.is_(True)))))


def shown(user, viewer) -> str:
    """The account's number as ``viewer`` may see it: whole for its owner and administrators,
    masked (138****1234) for anyone else; "" without a number."""
    phone = getattr(user, "phone", None) or ""
    if not phone:
        return ""
    if viewer is not None and getattr(viewer, "is_authenticated", False) and (
            viewer.id == user.id or "admin" in viewer.roles):
        return phone
    return codes.mask(phone)


def request_code(user, raw_phone: str, ip: str, now: datetime | None = None) -> str:
    """Send a code to the number the account wants to use; returns the number."""
    if not sms_aliyun.configured():
        raise FieldError("phone", _("SMS is not configured on this server, so no code can be "
                                    "sent."))
    phone = codes.normalise_phone(raw_phone)
    if phone == sms.address_of(user):
        raise FieldError("phone", _("This number is already verified for your account."))
    return codes.send_code(phone, ip, now, user_id=user.id)


def verify(user, raw_phone: str, code: str | None, now: datetime | None = None) -> str:
    """Make the number the account's SMS address if ``code`` is the one sent to it."""
    now = now or utcnow()
    phone = codes.normalise_phone(raw_phone)
    codes.verify_code(phone, code, now, user_id=user.id)
    old = user.phone
    user.phone, user.phone_verified_at = phone, now
    if old and old != phone:
        _drop_queued(user.id, old)
    audit.record("account.phone_verified", user, object_type="User", phone=codes.mask(phone),
                 **({"replaced": codes.mask(old)} if old and old != phone else {}))
    return phone


def remove(user) -> None:
    """Remove the account's number: no SMS until a number is verified again."""
    old = user.phone
    if not old:
        raise FieldError("phone", _("Your account has no mobile number."))
    user.phone = user.phone_verified_at = None
    _drop_queued(user.id, old)
    audit.record("account.phone_removed", user, object_type="User", phone=codes.mask(old))


def _drop_queued(user_id: int, old: str) -> None:
    """SMS still waiting (quiet hours, a retry) for a number the account gave up: the number
    may belong to someone else tomorrow, so they are skipped, visibly in the delivery log."""
    db.session.execute(update(Delivery).where(
        Delivery.user_id == user_id, Delivery.channel == "sms", Delivery.state == "queued",
        Delivery.address == old).values(state="skipped", next_attempt_at=None,
                                         last_error="number removed before sending"))
    db.session.flush()
