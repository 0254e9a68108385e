"""Tracking codes that work over the phone: an alphabet without look-alikes, groups to read
out (3-3 for the short code, 3-3-4 for the long one), and lenient reading back."""

from __future__ import annotations

import re
import secrets
import unicodedata

from flask_babel import gettext as _

from ..errors import FieldError

#: no 0/O, 1/I/L: the code is read aloud on the phone and typed on a phone keyboard
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
#: a ticket taken by phone or at the desk gets a code short enough to read out (31^6 ≈ 8.9·10^8
#: possibilities, shown as two groups of three); owners' own web reports keep the long one
SHORT_CODE_LENGTH = 6
SPOKEN_CHANNELS = ("hotline", "front_desk", "wechat_group")
#: group sizes by code length: short breaths when read aloud, easy to note down
GROUPS = {SHORT_CODE_LENGTH: (3, 3), CODE_LENGTH: (3, 3, 4)}
LOOK_ALIKES = set("0O1IL")


def random_code(length: int) -> str:
    """A random code of the given length from the alphabet (uniqueness: the caller's)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str | None) -> str:
    """Upper-case letters and digits only, so '3k7-m9q', '3K7 M9Q' or full-width
    '３Ｋ７Ｍ９Ｑ' typed from a Chinese keyboard all match '3K7M9Q'."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[^0-9A-Z]", "", text)[:CODE_LENGTH]


def spoken_code(code: str | None) -> str:
    """A tracking code in groups to read out ("3K7 M9Q", "48P J2X FKDQ"); typed back with
    or without the spaces it still matches (normalise_code)."""
    code = code or ""
    sizes = GROUPS.get(len(code)) or (3,) * ((len(code) + 2) // 3)
    parts, start = [], 0
    for size in sizes:
        parts.append(code[start:start + size])
        start += size
    return " ".join(p for p in parts if p)


def checked_code(text: str | None) -> str:
    """The normalised code, or a FieldError on ``code`` saying what a code looks like."""
    code = normalise_code(text)
    if not code:
        raise FieldError("code", _("Enter the tracking code the owner reads out."))
    if set(code) & LOOK_ALIKES:
        raise FieldError("code", _("Tracking codes have no 0, O, 1, I or L. Please ask the "
                                   "owner to read that character again."))
    if len(code) not in GROUPS:
        raise FieldError("code", _("A tracking code has 6 or 10 letters and digits; this "
                                   "one has %(n)d.", n=len(code)))
    return code
