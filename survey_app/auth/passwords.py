"""Password rules: long enough, not a common one, not the username, not one of the last five.

Former passwords are kept only as scrypt hashes (``password_history``); checking a new
password against them costs one hash check each, bounded by ``HISTORY``.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash

from ..errors import FieldError
from ..extensions import db
from .models import PasswordHistory, User

MIN_LENGTH = 10
#: how many former passwords (the current one included) may not be chosen again
HISTORY = 5
#: the most common passwords (lowercase) that pass the length rule, and local favourites
COMMON = frozenset({
    "1234567890", "0123456789", "12345678910", "1234567891", "0987654321", "1111111111",
    "0000000000", "1q2w3e4r5t", "qwertyuiop", "1qaz2wsx3edc", "password123", "password12",
    "password1234", "passw0rd123", "abc1234567", "abcd123456", "a123456789", "qwerty12345",
    "qwerty123456", "iloveyou123", "woaini1314", "woaini520", "5201314520", "1314520520",
    "admin12345", "admin123456", "administrator", "welcome123", "letmein123", "changeme123",
    "aa123456789", "qq123456789", "zxcvbnm123", "asdfghjkl1", "88888888888", "66666666666",
})


def check_strength(password: str, username: str, field: str = "new_password") -> None:
    """Raise FieldError(field) for a password that is too short, common or holds the username."""
    if len(password) < MIN_LENGTH:
        raise FieldError(field, _("The password must have at least %(n)s characters.",
                                  n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 2:
        raise FieldError(field, _("This password is too common; please choose another."))
    if username and username.strip().lower() in lowered:
        raise FieldError(field, _("The password must not contain the username."))


def _recent_hashes(user: User) -> list[str]:
    rows = db.session.scalars(select(PasswordHistory.password_hash)
                              .where(PasswordHistory.user_id == user.id)
                              .order_by(PasswordHistory.id.desc()).limit(HISTORY - 1))
    return [user.password_hash, *rows]


def check_not_reused(user: User, password: str, field: str = "new_password") -> None:
    """Raise FieldError(field) when the password is the current one or one of the last few."""
    if any(check_password_hash(h, password) for h in _recent_hashes(user) if h):
        raise FieldError(field, _("This password was used recently; please choose another."))


def replace(user: User, password: str) -> None:
    """Keep the current hash in the history, then set the new password (flushes)."""
    if user.password_hash:
        db.session.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash))
        db.session.flush()
    user.set_password(password)
    keep = select(PasswordHistory.id).where(PasswordHistory.user_id == user.id) \
        .order_by(PasswordHistory.id.desc()).limit(HISTORY)
    db.session.execute(delete(PasswordHistory).where(
        PasswordHistory.user_id == user.id, PasswordHistory.id.not_in(keep.scalar_subquery())))
    db.session.flush()
