"""Rules of the open survey link (building, unit, room and the phone's last four digits).

- Only a room with a phone number on file can be verified this way; a room without one
  needs the access code of its printed slip (from the property service centre).
- Every failure (unknown room, room without a phone, wrong digits) gets one and the same
  message, so the page does not tell which rooms are registered.
- Failures are counted per address and typed room (5 in 15 minutes) and per address over
  all rooms (30 in 15 minutes), in the database so every worker shares them. Someone
  guessing from another network never locks the real owner out.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from .. import throttle
from ..communities.models import Household
from ..errors import FieldError
from ..extensions import db

ROOM, ADDRESS = "verify-room", "verify-address"
WINDOW = timedelta(minutes=15)
ROOM_FAILURES, ADDRESS_FAILURES = 5, 30


def _mismatch() -> FieldError:
    return FieldError("phone_tail", _(
        "This room and these four digits do not match our records. Please check them. If no "
        "phone number is registered for your room, ask the property service centre for your "
        "household's access code."))


def _keys(survey, building_id, unit: str, room: str) -> tuple[str, str]:
    address = throttle.client_address()
    return (throttle.key_of(ROOM, address, survey.id, building_id, unit, room),
            throttle.key_of(ADDRESS, address))


def find_household(survey, building_id, unit: str, room: str, phone_tail: str) -> Household:
    """The household whose registered phone ends in the digits; FieldError otherwise.

    A failure is recorded (flushed): the caller commits it even though it refuses.
    """
    unit, room, tail = (unit or "").strip(), (room or "").strip(), (phone_tail or "").strip()
    room_key, address_key = _keys(survey, building_id, unit, room)
    if throttle.count(ROOM, room_key, WINDOW) >= ROOM_FAILURES \
            or throttle.count(ADDRESS, address_key, WINDOW) >= ADDRESS_FAILURES:
        raise FieldError("phone_tail", _(
            "Too many wrong attempts from this network. Please wait 15 minutes, or use the "
            "access code from the property service centre."))
    household = db.session.scalar(select(Household).filter_by(
        community_id=survey.community_id, building_id=building_id, unit=unit, room=room))
    if household is None or not household.phone_tail or tail != household.phone_tail:
        throttle.record(ROOM, room_key)
        throttle.record(ADDRESS, address_key)
        raise _mismatch()
    return household
