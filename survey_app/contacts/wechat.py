"""Owners opt in by WeChat (用微信接收通知): consent on our page, then WeChat's silent web
authorisation (snsapi_base) tells us the owner's openid, and the opt-in is recorded.

What the opt-in is for (notices of a community, or the progress of the ticket just reported
from this browser) is fixed on the server before the owner leaves for WeChat
(``notifications.wechat_auth``), so an owner cannot aim it at someone else's ticket.
Messages go out as template messages with the unsubscribe link in the remark.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import FieldError
from ..extensions import db
from ..models_base import utcnow
from ..notifications import wechat_auth
from ..notifications.channels import wechat
from .models import WECHAT_CONSENT_VERSION, OwnerContact

#: the purposes an owner's WeChat authorisation may have (a staff binding is another flow)
OWNER_PURPOSES = ("ticket_progress", "notices")
CALLBACK = "contacts.wechat_callback"


def available() -> bool:
    """Whether owners are offered WeChat at all (the official account is configured)."""
    return wechat_auth.available()


def _consent(consent: bool) -> None:
    if not consent:
        raise FieldError("wechat_consent", _("Please tick the box to agree, or leave WeChat "
                                             "unticked."))


def start_for_ticket(community_id: int, ticket_id: int, consent: bool,
                     now: datetime | None = None) -> str:
    """Begin the opt-in for the progress of a ticket registered in this request."""
    _consent(consent)
    now = now or utcnow()
    return wechat_auth.begin("ticket_progress", wechat_auth.callback_url(CALLBACK),
                             community_id=community_id, ticket_id=ticket_id,
                             consent_version=WECHAT_CONSENT_VERSION, consented_at=now, now=now)


def start_for_notices(community_id: int, consent: bool, now: datetime | None = None) -> str:
    """Begin the opt-in for a community's published results and notices."""
    _consent(consent)
    now = now or utcnow()
    return wechat_auth.begin("notices", wechat_auth.callback_url(CALLBACK),
                             community_id=community_id, consent_version=WECHAT_CONSENT_VERSION,
                             consented_at=now, now=now)


def restart(state: str | None) -> str:
    """Start again a failed opt-in of this browser, with the consent it gave."""
    return wechat_auth.restart(state, OWNER_PURPOSES, wechat_auth.callback_url(CALLBACK))


def record(row, openid: str, now: datetime | None = None) -> OwnerContact:
    """The opt-in of a finished authorisation; an identical live one is kept, not doubled."""
    now = now or utcnow()
    existing = db.session.scalar(select(OwnerContact).where(
        OwnerContact.channel == "wechat", OwnerContact.openid == openid,
        OwnerContact.community_id == row.community_id, OwnerContact.purposes == row.purpose,
        OwnerContact.unsubscribed_at.is_(None),
        OwnerContact.ticket_id.is_(None) if row.ticket_id is None
        else OwnerContact.ticket_id == row.ticket_id))
    if existing is not None:
        return existing
    contact = OwnerContact(
        community_id=row.community_id, ticket_id=row.ticket_id, channel="wechat",
        openid=openid, phone=None, purposes=row.purpose, consent_version=row.consent_version,
        consented_at=row.consented_at or now, verified_at=now,
        unsubscribe_token=secrets.token_hex(16))
    db.session.add(contact)
    db.session.flush()
    return contact


def _public(endpoint: str, **values) -> str:
    """An address the owner can open from WeChat (PUBLIC_BASE_URL when configured)."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True,
                                                                    **values)


def target_url(contact: OwnerContact) -> str:
    """Where tapping the message leads: the ticket's tracking page, or the notice board."""
    if contact.ticket_id is not None:
        from ..feedback.models import Ticket

        ticket = db.session.get(Ticket, contact.ticket_id)
        if ticket is not None:
            return _public("feedback.track", tracking_code=ticket.tracking_code)
    return _public("publishing.notice", community_id=contact.community_id)


def message_params(contact: OwnerContact, text: str) -> dict:
    """The template message's data: the text, the unsubscribe link in the remark, and the
    page it opens."""
    from .services import unsubscribe_url

    return {"first": text,
            "remark": _("Stop these messages: %(link)s", link=unsubscribe_url(contact)),
            "url": target_url(contact)}


def send_to_owner(contact: OwnerContact, subject: str, text: str, *,
                  idempotency_key: str) -> str | None:
    """A template message to an opted-in owner's openid; None once unsubscribed.

    Raises the channel's TransientError / PermanentError for the delivery log to record.
    """
    if contact.unsubscribed_at is not None or not contact.openid:
        return None
    return wechat.send(contact.openid, subject, text, idempotency_key=idempotency_key,
                       params=message_params(contact, text))
