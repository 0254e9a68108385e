"""What besides tickets holds one phone number: an owner's message opt-ins (SMS), the
delivery log's addresses, and staff accounts' verified numbers for SMS notifications; and
the opt-ins made on that person's repair reports (WeChat ones too), with the messages sent
to them.

The numbers there are stored normalised (11 digits), so an exact match finds them. A WeChat
opt-in holds an openid, never a number: it belongs to the person through its ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..auth.models import User
from ..contacts.models import OwnerContact
from ..extensions import db
from ..notifications.models import Delivery


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass
class Holdings:
    """The records other than tickets that hold one number."""

    opt_ins: list[OwnerContact]
    deliveries: list[Delivery]
    accounts: list[User]

    @property
    def empty(self) -> bool:
        return not (self.opt_ins or self.deliveries or self.accounts)

    def counts(self) -> dict[str, int]:
        """How many of each, for the audit row."""
        return {"opt_ins": len(self.opt_ins), "deliveries": len(self.deliveries),
                "accounts": len(self.accounts)}

    def as_data(self) -> dict:
        """Plain data for the person's export file."""
        return {
            "message_opt_ins": [{
                "community_id": c.community_id, "channel": c.channel, "phone": c.phone,
                "wechat_openid": c.openid,
                "purposes": c.purposes.split(","), "consent_version": c.consent_version,
                "consented_at": _iso(c.consented_at), "verified_at": _iso(c.verified_at),
                "unsubscribed_at": _iso(c.unsubscribed_at)} for c in self.opt_ins],
            "messages_sent": [{
                "channel": d.channel, "address": d.address, "subject": d.subject,
                "body": d.body, "state": d.state, "created_at": _iso(d.created_at),
                "sent_at": _iso(d.sent_at)} for d in self.deliveries],
            "staff_accounts": [{
                "username": u.username, "phone": u.phone,
                "phone_verified_at": _iso(u.phone_verified_at)} for u in self.accounts],
        }

    def remove(self, masked: str, now: datetime) -> None:
        """End the opt-ins and drop their number, mask the log's addresses, clear accounts'
        numbers (flushes). The rows stay: what was sent, and when, is still accounted for."""
        for contact in self.opt_ins:
            contact.phone, contact.openid = None, None
            contact.unsubscribed_at = contact.unsubscribed_at or now
        for delivery in self.deliveries:
            if delivery.channel == STAFF_SMS:  # an owner's message names its opt-in, no number
                delivery.address = masked
            if delivery.state == "queued":  # nothing more goes to a number that was deleted
                delivery.state, delivery.last_error = "skipped", "number deleted on request"
        for user in self.accounts:
            user.phone, user.phone_verified_at = None, None
        db.session.flush()


#: a staff account's text messages are addressed to its number; an owner's messages
#: (owner_sms, owner_wechat) to its opt-in, ``contact:<id>``
STAFF_SMS = "sms"


def holdings(digits: str, ticket_ids=()) -> Holdings:
    """Every opt-in, delivery and account holding exactly this normalised number, and the
    opt-ins made on the person's tickets ``ticket_ids`` (a WeChat one holds no number), with
    the messages sent to them all."""
    opt_ins = list(db.session.scalars(select(OwnerContact).where(
        (OwnerContact.phone == digits)
        | OwnerContact.ticket_id.in_(list(ticket_ids) or [-1]))
        .order_by(OwnerContact.id)))
    addresses = [f"contact:{c.id}" for c in opt_ins] or ["-"]
    return Holdings(
        opt_ins=opt_ins,
        deliveries=list(db.session.scalars(select(Delivery).where(
            ((Delivery.channel == STAFF_SMS) & (Delivery.address == digits))
            | (Delivery.channel.in_(("owner_sms", "owner_wechat"))
               & Delivery.address.in_(addresses)))
            .order_by(Delivery.id))),
        accounts=list(db.session.scalars(select(User).where(User.phone == digits)
                                         .order_by(User.id))))
