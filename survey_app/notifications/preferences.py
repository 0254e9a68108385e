"""Who wants what: channel choices per event group, quiet hours, the user's email address,
the WeChat bound to the account, and which channels can reach the user at all."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..errors import FieldError
from ..extensions import db
from ..models_base import utcnow
from . import channels
from .models import OPTIONAL_CHANNELS, QUIET_END, QUIET_START, NotificationPreference, QuietHours

ALL = "all"
#: a plain check that catches typing mistakes; the mail server has the last word
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Loaded:
    """The preferences of many users, read in two queries (a fan-out to thousands)."""

    def __init__(self, user_ids):
        ids = list(user_ids)
        self.choices: dict[tuple[int, str, str], bool] = {}
        self.quiet: dict[int, tuple[int, int]] = {}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            for row in db.session.scalars(select(NotificationPreference).where(
                    NotificationPreference.user_id.in_(chunk))):
                self.choices[(row.user_id, row.event_group, row.channel)] = row.enabled
            for row in db.session.scalars(select(QuietHours).where(
                    QuietHours.user_id.in_(chunk))):
                self.quiet[row.user_id] = (row.start_minute, row.end_minute)

    def wants(self, user_id: int, group: str, channel: str) -> bool:
        """The group's own choice, else the choice for all events, else on."""
        for key in ((user_id, group, channel), (user_id, ALL, channel)):
            if key in self.choices:
                return self.choices[key]
        return True

    def channels_for(self, user_id: int, group: str) -> list[str]:
        """Optional channels the user wants for this group of events."""
        return [c for c in OPTIONAL_CHANNELS if self.wants(user_id, group, c)]

    def quiet_hours(self, user_id: int | None) -> tuple[int, int]:
        """(start, end) minutes after local midnight; 22:00–08:00 unless set."""
        return self.quiet.get(user_id, (QUIET_START, QUIET_END))


def quiet_hours(user_id: int | None) -> tuple[int, int]:
    """One user's quiet hours (owners without an account: the default)."""
    return Loaded([user_id] if user_id else []).quiet_hours(user_id)


def save(user, *, email: str, choices: dict[tuple[str, str], bool], quiet_start: int,
         quiet_end: int) -> None:
    """Store a user's email, channel choices {(group, channel): on} and quiet hours."""
    email = (email or "").strip()
    if email and not EMAIL_RE.match(email):
        raise FieldError("email", _("Please enter an address like name@example.com."))
    for field, value in (("quiet_start", quiet_start), ("quiet_end", quiet_end)):
        if not 0 <= value < 24 * 60:
            raise FieldError(field, _("Please enter a time such as 22:00."))
    user.email = email or None
    existing = {(p.event_group, p.channel): p for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for (group, channel), enabled in choices.items():
        row = existing.get((group, channel))
        if row is None:
            row = NotificationPreference(user_id=user.id, event_group=group, channel=channel)
            db.session.add(row)
        row.enabled = bool(enabled)
    hours = db.session.get(QuietHours, user.id) or QuietHours(user_id=user.id)
    hours.start_minute, hours.end_minute = quiet_start, quiet_end
    db.session.add(hours)
    db.session.flush()


def channel_states(user) -> dict[str, str]:
    """Per optional channel: "ready", "no_address" (the account has none, e.g. no WeChat
    bound) or "off" (not set up on this site), so the page never offers a channel silently
    that cannot deliver."""
    states = {}
    for name in OPTIONAL_CHANNELS:
        registered = channels.get(name)
        if registered is None or registered.make() is None:
            states[name] = "off"
        else:
            states[name] = "ready" if registered.address_of(user) else "no_address"
    return states


def bind_wechat(user, openid: str, now=None) -> None:
    """Store the openid WeChat confirmed for this account's holder (audited)."""
    rebound = bool(user.wechat_openid)
    user.wechat_openid, user.wechat_bound_at = openid, now or utcnow()
    # the openid itself stays out of the log: it identifies a person outside the app
    audit.record("notification.wechat_bound", user, object_type="User", community_id=None,
                 replaced=rebound)
    db.session.flush()


def unbind_wechat(user) -> bool:
    """Forget the account's WeChat (audited); False when none was bound."""
    if not user.wechat_openid:
        return False
    user.wechat_openid, user.wechat_bound_at = None, None
    audit.record("notification.wechat_unbound", user, object_type="User", community_id=None)
    db.session.flush()
    return True
