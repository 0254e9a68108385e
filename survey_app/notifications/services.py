"""Notify people of events and deliver the messages: the contract other features call.

``notify`` writes inbox notifications and queued deliveries (rows only; nothing is sent
inside the request), ``deliver`` sends one delivery, idempotently, with retries and backoff.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..models_base import utcnow
from . import channels, preferences
from .channels import PermanentError, TransientError
from .events import group_of, render
from .models import QUIET_CHANNELS, Delivery, Notification
from .quiet import community_zone, quiet_until

#: minutes to wait after the 1st, 2nd, 3rd, 4th failed attempt; the 5th failure is final
BACKOFF_MINUTES = (1, 5, 25, 125)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1


def idempotency_key(dedupe_key: str, recipient: str, channel: str) -> str:
    """The unique key of one message to one recipient on one channel."""
    return hashlib.sha256(f"{dedupe_key}\x1f{recipient}\x1f{channel}".encode()).hexdigest()


def notify(event: str, *, community, recipients: list, params: dict, link: str | None,
           emergency: bool = False, dedupe_key: str, now: datetime | None = None
           ) -> list[Notification]:
    """Inbox notifications and queued deliveries for each recipient, per their preferences;
    a recipient already notified under ``dedupe_key`` is skipped (safe to re-run)."""
    now = now or utcnow()
    unique = {user.id: user for user in recipients if user is not None and user.active}
    done = _already_notified(dedupe_key, unique)
    made = []
    for user in unique.values():
        if user.id in done:
            continue
        note = Notification(user_id=user.id, community_id=getattr(community, "id", None),
                            kind=event, params=dict(params), link=link, emergency=emergency,
                            dedupe_key=dedupe_key, created_at=now)
        db.session.add(note)
        made.append(note)
    db.session.flush()
    loaded = preferences.Loaded(note.user_id for note in made)
    text = _rendered(event, params, link)
    for note in made:
        _queue_deliveries(note, unique[note.user_id], community, now, loaded, text)
    db.session.flush()
    return made


def _already_notified(dedupe_key: str, users: dict) -> set[int]:
    if not users:
        return set()
    return set(db.session.scalars(select(Notification.user_id).where(
        Notification.dedupe_key == dedupe_key, Notification.user_id.in_(list(users)))))


def _queue_deliveries(note: Notification, user, community, now: datetime,
                      loaded: preferences.Loaded, text: tuple[str, str]) -> None:
    """One delivery per channel the user wants and has an address for (the inbox is sent)."""
    wanted = loaded.channels_for(user.id, group_of(note.kind))
    subject, body = text
    for name in ("inbox", *wanted):
        registered = channels.get(name)
        address = registered.address_of(user) if registered else None
        if not address:
            continue
        delivery = Delivery(
            notification_id=note.id, community_id=note.community_id, user_id=user.id,
            kind=note.kind, channel=name, address=address, subject=subject, body=body,
            emergency=note.emergency, created_at=now,
            idempotency_key=idempotency_key(note.dedupe_key, f"user:{user.id}", name))
        if name == "inbox":
            delivery.state, delivery.sent_at = "sent", now
        else:
            delivery.next_attempt_at = _not_in_quiet_hours(
                delivery, loaded.quiet_hours(user.id), community, now)
        db.session.add(delivery)


def _rendered(event: str, params: dict, link: str | None) -> tuple[str, str]:
    """Subject and body in the default language, for channels outside the app."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE") or "zh_CN"):
        title, body = render(event, params)
    return title, f"{body}\n{_absolute(link)}".rstrip()


def _absolute(link: str | None) -> str:
    """A link usable outside the app (PUBLIC_BASE_URL when configured)."""
    if not link:
        return ""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return f"{base}{link}" if link.startswith("/") else link


def _not_in_quiet_hours(delivery: Delivery, hours: tuple[int, int], community,
                        now: datetime) -> datetime:
    """When the delivery may go: now, or the end of the recipient's quiet hours for SMS and
    WeChat (emergencies go at once)."""
    if delivery.channel not in QUIET_CHANNELS or delivery.emergency:
        return now
    start, end = hours
    return quiet_until(now, community_zone(community), start, end) or now


# --------------------------------------------------------------------------- delivering


def get_delivery(delivery_id: int, lock: bool = False) -> Delivery | None:
    """A delivery, locked against a second worker when asked (PostgreSQL; SQLite locks the
    whole database on write anyway)."""
    query = select(Delivery).where(Delivery.id == delivery_id)
    if lock:
        query = query.with_for_update()
    return db.session.scalars(query).first()


def deliver(delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Send one queued delivery through its channel; a sent, failed or skipped one is left
    alone, so calling this twice never sends twice."""
    now = now or utcnow()
    delivery = get_delivery(delivery_id, lock=True)
    if delivery is None or delivery.state != "queued":
        return delivery
    later = _not_in_quiet_hours(delivery, preferences.quiet_hours(delivery.user_id),
                                None, now)
    if later > now:
        delivery.next_attempt_at = later
        db.session.flush()
        return delivery
    _attempt(delivery, now)
    db.session.flush()
    return delivery


def _attempt(delivery: Delivery, now: datetime) -> None:
    registered = channels.get(delivery.channel)
    sender = registered.make() if registered else None
    if sender is None:
        delivery.state, delivery.last_error = "skipped", "channel not configured"
        return
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        provider_id = sender.send(delivery.address, delivery.subject, delivery.body,
                                  idempotency_key=delivery.idempotency_key)
    except PermanentError as exc:
        delivery.state, delivery.last_error = "failed", str(exc)[:500]
    except TransientError as exc:
        _retry_later(delivery, now, str(exc))
    else:
        delivery.state, delivery.sent_at = "sent", now
        delivery.provider_message_id, delivery.last_error = (provider_id or "")[:200], ""


def _retry_later(delivery: Delivery, now: datetime, error: str) -> None:
    """Exponential backoff (1, 5, 25, 125 min); after the last attempt the delivery fails."""
    delivery.last_error = error[:500]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.state, delivery.next_attempt_at = "failed", None
        return
    delivery.next_attempt_at = now + timedelta(minutes=BACKOFF_MINUTES[delivery.attempts - 1])


def due_ids(now: datetime, limit: int | None = None) -> list[int]:
    """Ids of queued deliveries whose time has come, oldest first."""
    query = (select(Delivery.id).where(Delivery.state == "queued",
                                       Delivery.next_attempt_at <= now)
             .order_by(Delivery.next_attempt_at, Delivery.id))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


# --------------------------------------------------------------------------- the inbox


def mark_read(user, notification_id: int, now: datetime | None = None) -> Notification:
    """Mark one of the user's own notifications read (another user's: NotFound)."""
    from .pages import own_notification

    note = own_notification(user.id, notification_id)
    if note.read_at is None:
        note.read_at = now or utcnow()
        db.session.flush()
    return note


def mark_all_read(user, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    notes = list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))))
    for note in notes:
        note.read_at = now or utcnow()
    db.session.flush()
    return len(notes)
