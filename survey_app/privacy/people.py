"""What besides tickets holds one phone number: an owner's message opt-ins (SMS), the
delivery log's addresses, and staff accounts' verified numbers for SMS notifications.

The numbers there are stored normalised (11 digits), so an exact match finds them.
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
            contact.phone = None
            contact.unsubscribed_at = contact.unsubscribed_at or now
        for delivery in self.deliveries:
            delivery.address = masked
            if delivery.state == "queued":  # nothing more goes to a number that was deleted
                delivery.state, delivery.last_error = "skipped", "number deleted on request"
        for user in self.accounts:
            user.phone, user.phone_verified_at = None, None
        db.session.flush()


def holdings(digits: str) -> Holdings:
    """Every opt-in, delivery and account holding exactly this normalised number."""
    return Holdings(
        opt_ins=list(db.session.scalars(select(OwnerContact).where(
            OwnerContact.phone == digits).order_by(OwnerContact.id))),
        deliveries=list(db.session.scalars(select(Delivery).where(
            Delivery.channel.in_(("sms", "owner_sms")), Delivery.address == digits)
            .order_by(Delivery.id))),
        accounts=list(db.session.scalars(select(User).where(User.phone == digits)
                                         .order_by(User.id))))
