"""Messages to owners who opted in: progress of their report (repair form), and published
results for those who subscribed to notices on the poster or the notice page.

Owners have no account: a delivery goes to a verified, subscribed ``contacts.OwnerContact``
on the channel of its opt-in: ``owner_sms`` (its phone) or ``owner_wechat`` (a template
message to its openid). It is queued like any other delivery (idempotency key, quiet hours
22:00–08:00, retries with backoff) and sent by ``dispatch.deliver_due``; every message
carries the unsubscribe link of its own opt-in, and a contact who has unsubscribed since the
delivery was queued gets nothing.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models_base import utcnow
from .channels import PermanentError, register
from .models import Delivery
from .quiet import community_zone, quiet_until
from .services import idempotency_key

CHANNEL = "owner_sms"
WECHAT_CHANNEL = "owner_wechat"
#: what an owner is told at each handling step (the seeds' words: 受理, 派工, 到场, 完成)
STEPS = {
    "acknowledged": _l("Your report %(code)s has been acknowledged by the service centre."),
    "dispatched": _l("Your report %(code)s has been dispatched to %(department)s."),
    "onsite": _l("A worker is on site for your report %(code)s."),
    "completed": _l("Your report %(code)s is completed. Please rate the result on the "
                    "tracking page."),
    "callback": _l("The service centre will call you back about your report %(code)s to hear "
                   "how the work went."),
}
#: what a subscribed owner is told when a period's results are published (公示)
PUBLISHED = _l("The results of %(period)s in %(community)s are published on the notice "
               "board: %(link)s")


def _live_contact(address: str, channel: str):
    from ..contacts.models import OwnerContact

    contact = db.session.get(OwnerContact, int(address.removeprefix("contact:")))
    if contact is None or contact.unsubscribed_at is not None or contact.channel != channel:
        raise PermanentError("the owner has unsubscribed")
    return contact


class OwnerSms:
    """Sends through the SMS adapter to the contact's phone, unsubscribe link included."""

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        from ..contacts.services import send_to_owner

        contact = _live_contact(address, "sms")
        return send_to_owner(contact, subject, body, idempotency_key=idempotency_key) or ""


class OwnerWechat:
    """A template message to the contact's openid, its unsubscribe link in the remark."""

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        from ..contacts.wechat import send_to_owner

        contact = _live_contact(address, "wechat")
        return send_to_owner(contact, subject, body, idempotency_key=idempotency_key) or ""


def _make():
    from ..contacts.services import available

    return OwnerSms() if available() else None


def _make_wechat():
    from ..contacts.wechat import available

    return OwnerWechat() if available() else None


def install() -> None:
    """Make the owners' SMS and WeChat channels known to the delivery code (no user has
    their address)."""
    register(CHANNEL, _make, lambda user: None)
    register(WECHAT_CHANNEL, _make_wechat, lambda user: None)


def _reachable(contacts) -> list:
    """The contacts whose channel can send now, each with the channel it is sent on."""
    from ..contacts.services import available
    from ..contacts.wechat import available as wechat_available

    sms, wx = available(), wechat_available()
    return [(c, WECHAT_CHANNEL if c.channel == "wechat" else CHANNEL) for c in contacts
            if (wx if c.channel == "wechat" else sms)]


def ticket_progress(ticket, kind: str, dedupe_key: str, community) -> int:
    """Queue a progress message to each owner who opted in for this ticket; returns how many."""
    from ..contacts.services import active_contacts, any_available

    if kind not in STEPS or not any_available():
        return 0
    with force_locale("zh_CN"):
        text = str(STEPS[kind] % {"code": ticket.tracking_code,
                                  "department": ticket.department or "—"})
    contacts = active_contacts(ticket.community_id, "ticket_progress", ticket.id)
    return _queue(community, contacts, f"ticket.{kind}", text, dedupe_key,
                  emergency=ticket.severity == "emergency")


def results_published(publication, community, link: str | None) -> int:
    """Queue a message to each owner who subscribed to notices (poster or notice page) that
    the period's results are on the notice board; returns how many."""
    from ..contacts.services import active_contacts, any_available

    if not any_available():
        return 0
    with force_locale("zh_CN"):
        text = str(PUBLISHED % {"community": community.name,
                                "period": publication.period.label, "link": link or ""})
    return _queue(community, active_contacts(community.id, "notices"), "results.published",
                  text.strip(), f"publication:{publication.id}:published")


def _queue(community, contacts, kind: str, text: str, dedupe_key: str,
           emergency: bool = False) -> int:
    """One delivery per contact on its channel, once per dedupe key (quiet hours
    22:00–08:00 unless an emergency); returns how many were queued now."""
    now, queued = utcnow(), 0
    later = None if emergency else quiet_until(now, community_zone(community))
    for contact, channel in _reachable(contacts):
        key = idempotency_key(dedupe_key, f"contact:{contact.id}", channel)
        if db.session.scalar(select(Delivery.id).filter_by(idempotency_key=key)):
            continue
        db.session.add(Delivery(
            community_id=community.id, kind=kind, channel=channel,
            address=f"contact:{contact.id}", subject=text[:300], body=text,
            emergency=emergency, created_at=now, next_attempt_at=later or now,
            idempotency_key=key))
        queued += 1
    db.session.flush()
    return queued


#: a survey reminder: participation only (the household has not answered), never answers
SURVEY_REMINDER = _l("The owner survey of %(period)s in %(community)s is open until %(end)s "
                     "and your household has not answered yet. Please answer: %(link)s")


def survey_reminder(survey, contacts: list, link: str, now=None) -> int:
    """Queue one reminder per contact for this survey, never a second one (the key is the
    survey's, not the day's or the building's); held over quiet hours. Returns how many."""
    if not contacts:
        return 0
    now, queued = now or utcnow(), 0
    with force_locale("zh_CN"):
        text = str(SURVEY_REMINDER % {"period": survey.period.label,
                                      "community": survey.community.name,
                                      "end": survey.period.end_date.isoformat(), "link": link})
    later = quiet_until(now, community_zone(survey.community)) or now
    for contact, channel in _reachable(contacts):
        key = idempotency_key(f"survey:{survey.id}:reminder", f"contact:{contact.id}", channel)
        if db.session.scalar(select(Delivery.id).filter_by(idempotency_key=key)):
            continue
        db.session.add(Delivery(
            community_id=survey.community_id, kind="survey.reminder", channel=channel,
            address=f"contact:{contact.id}", subject=text[:300], body=text, created_at=now,
            next_attempt_at=later, idempotency_key=key))
        queued += 1
    db.session.flush()
    return queued
