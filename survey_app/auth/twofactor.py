"""Optional two-factor sign-in (TOTP, RFC 6238) for administrators and company staff.

Enrolment stores a fresh secret unconfirmed; a correct code from the user's app confirms it
and yields ten recovery codes, shown once and stored as SHA-256 hashes (each is 60 random
bits, so a plain hash suffices). Wrong codes are counted per account in ``failed_attempt``
like failed sign-ins: five are free in the window, then waits of 30 s, 1 min, 2 min …
A refused code is counted even though the request changes nothing else: the caller
commits after ``CodeRefused``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, timedelta

import pyotp
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from .. import audit, throttle
from ..errors import FieldError, Forbidden
from ..extensions import db
from ..models_base import utcnow
from . import guard, sessions
from .models import RecoveryCode, User

SCOPE = "totp"
ISSUER = "survey_app"
RECOVERY_CODES = 10
#: roles that may turn two-factor sign-in on
ROLES = frozenset({"admin", "staff"})


class CodeRefused(FieldError):
    """A wrong or throttled code (already counted; the caller commits the count)."""

    def __init__(self, message: str):
        super().__init__("code", message)


def enabled(user: User) -> bool:
    """Whether the user signs in with a second factor."""
    return bool(user.totp_secret and user.totp_confirmed_at)


def may_enrol(user: User) -> bool:
    """Only administrators and company staff may turn two-factor sign-in on."""
    return bool(user.roles & ROLES)


def begin(user: User) -> str:
    """A provisioning URI for the authenticator app (a new secret unless already on)."""
    if not may_enrol(user):
        raise Forbidden("two-factor sign-in is for admin and staff")
    if not enabled(user):
        if not user.totp_secret:
            user.totp_secret = pyotp.random_base32()
            db.session.flush()
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username,
                                                         issuer_name=ISSUER)


def _key(user: User) -> str:
    return throttle.key_of(SCOPE, user.id)


def _refuse_while_locked(user: User) -> None:
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW"])
    wait = guard.account_wait(*throttle.recent(SCOPE, _key(user), window), window)
    if wait > 0:
        raise CodeRefused(_("Too many wrong codes. Please wait %(minutes)s minutes and try "
                            "again.", minutes=guard.LoginRefused(wait).minutes))


def _use_recovery_code(user: User, code: str) -> bool:
    digest = _hash(code)
    row = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest,
        RecoveryCode.used_at.is_(None)))
    if row is None:
        return False
    row.used_at = utcnow()
    audit.record("user.recovery_code", user, community_id=None)
    return True


def check(user: User, code: str, recovery: bool = True) -> None:
    """Accept a current TOTP code (or, if allowed, an unused recovery code); else CodeRefused."""
    _refuse_while_locked(user)
    code = (code or "").strip().replace(" ", "")
    step = _matching_step(user, code)
    if step is not None and step <= (user.totp_last_step or -1):
        throttle.record(SCOPE, _key(user))
        raise CodeRefused(_("This code has been used already. Wait for the next code in "
                            "your app and enter that one."))
    if step is not None:
        user.totp_last_step = step  # RFC 6238 §5.2: a code is accepted once
        throttle.clear(SCOPE, _key(user))
        return
    if recovery and enabled(user) and _use_recovery_code(user, code):
        throttle.clear(SCOPE, _key(user))
        return
    throttle.record(SCOPE, _key(user))
    raise CodeRefused(_("This code is not correct. Please check the time on your phone and "
                        "enter the current code."))


def _matching_step(user: User, code: str) -> int | None:
    """The time step (now, or one either side for clock drift) whose code this is."""
    if not (user.totp_secret and code.isdigit()):
        return None
    totp = pyotp.TOTP(user.totp_secret)
    now = totp.timecode(utcnow().replace(tzinfo=UTC))
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}-{secrets.token_hex(2)}"
             for _n in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def confirm(user: User, code: str) -> list[str]:
    """Turn two-factor sign-in on with a first correct code; the recovery codes (shown once)."""
    if not may_enrol(user) or not user.totp_secret or enabled(user):
        raise Forbidden("nothing to confirm")
    check(user, code, recovery=False)
    user.totp_confirmed_at = utcnow()
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.record("user.two_factor_on", user, community_id=None)
    return codes


def disable(user: User, password: str, code: str) -> None:
    """Turn two-factor sign-in off: the password and a current code are both needed."""
    if not enabled(user):
        raise Forbidden("two-factor sign-in is off")
    _refuse_while_locked(user)
    if not user.check_password(password or ""):
        throttle.record(SCOPE, _key(user))
        raise FieldError("password", _("The password is not correct."))
    check(user, code)
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = None, None, None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.end_others(user)
    db.session.flush()
    audit.record("user.two_factor_off", user, community_id=None)


def remaining_codes(user: User) -> int:
    """How many unused recovery codes the user still has."""
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())
