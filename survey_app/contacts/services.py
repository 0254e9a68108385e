"""Opt-in services: send a verification code, verify it, record consent, unsubscribe."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..notifications.channels import PermanentError, TransientError, sms_aliyun
from .models import CONSENT_VERSION, PURPOSES, OwnerContact, PhoneCode

CODE_TTL = timedelta(minutes=10)
#: a new code for the same number at most once a minute and five times an hour
PHONE_GAP, PHONE_PER_HOUR = timedelta(seconds=60), 5
#: codes asked from one address in an hour (a block of flats may share one connection)
IP_PER_HOUR = 20
#: codes one account may ask for its own number in an hour (whatever the numbers)
ACCOUNT_PER_HOUR = 5
#: wrong tries before a code is dead and a new one must be asked for
MAX_ATTEMPTS = 5
MOBILE = re.compile(r"^1[3-9]\d{9}$")


class WrongCode(FieldError):
    """A wrong code: the route counts the try after rolling the rest back."""

    def __init__(self, code_id: int, message: str):
        super().__init__("code", message)
        self.code_id = code_id


def available() -> bool:
    """Whether codes can be sent (the SMS channel is configured)."""
    return sms_aliyun.configured()


def any_available() -> bool:
    """Whether owners can opt in at all: by text message, or by WeChat."""
    from .wechat import available as wechat_available

    return available() or wechat_available()


def normalise_phone(raw: str | None) -> str:
    """An 11-digit mainland mobile number, or FieldError on ``phone``."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    digits = re.sub(r"^(\+86|0086|86)(?=1\d{10}$)", "", digits)
    if not MOBILE.match(digits):
        raise FieldError("phone", _("Enter an 11-digit mobile number, for example "
                                    "13812345678."))
    return digits


def _keyed(*parts: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _check_rate(phone_hash: str, ip_hash: str, now: datetime,
                user_id: int | None = None) -> None:
    hour = now - timedelta(hours=1)
    recent = select(func.count(), func.max(PhoneCode.created_at)).where(
        PhoneCode.phone_hash == phone_hash, PhoneCode.created_at > hour)
    count, latest = db.session.execute(recent).one()
    if latest is not None and now - latest < PHONE_GAP:
        raise FieldError("phone", _("A code was just sent to this number. Please wait a "
                                    "minute before asking for another."))
    if count >= PHONE_PER_HOUR:
        raise FieldError("phone", _("Too many codes for this number. Please try again in "
                                    "an hour."))
    if user_id is not None and db.session.scalar(select(func.count()).where(
            PhoneCode.user_id == user_id, PhoneCode.created_at > hour)) >= ACCOUNT_PER_HOUR:
        # an account trying number after number would dodge the per-number limit
        raise FieldError("phone", _("Too many codes were asked for this account. Please "
                                    "try again in an hour."))
    from_ip = db.session.scalar(select(func.count()).where(
        PhoneCode.ip_hash == ip_hash, PhoneCode.created_at > hour))
    if from_ip >= IP_PER_HOUR:
        raise FieldError("phone", _("Too many codes were asked from this connection. Please "
                                    "try again in an hour."))


def send_code(raw_phone: str, ip: str, now: datetime | None = None,
              user_id: int | None = None) -> str:
    """Send a 6-digit code by SMS to the number; returns the normalised number.

    With ``user_id`` the code is an account's, for its own number (see ``verify_code``).
    """
    now = now or utcnow()
    phone = normalise_phone(raw_phone)
    phone_hash, ip_hash = _keyed("phone", phone), _keyed("ip", ip or "")
    _check_rate(phone_hash, ip_hash, now, user_id)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    row = PhoneCode(phone_hash=phone_hash, ip_hash=ip_hash, created_at=now, user_id=user_id,
                    code_hash=_keyed("code", phone, code), expires_at=now + CODE_TTL)
    db.session.add(row)
    db.session.flush()
    _deliver_code(phone, code, row.id)
    return phone


def _deliver_code(phone: str, code: str, code_id: int) -> None:
    body = _("Your verification code is %(code)s, valid for 10 minutes.", code=code)
    try:
        sms_aliyun.send(phone, _("Verification code"), body, idempotency_key=f"code-{code_id}",
                        template="verify_code", params={"code": code})
    except TransientError as exc:
        raise FieldError("phone", _("The text message service is not answering. Please try "
                                    "again in a few minutes.")) from exc
    except PermanentError as exc:
        raise FieldError("phone", _("No text message could be sent to this number. Please "
                                    "check it.")) from exc


def _live_code(phone: str, now: datetime, user_id: int | None) -> PhoneCode | None:
    # an account's code verifies only that account's number, an owner's only an opt-in
    owner = PhoneCode.user_id.is_(None) if user_id is None else PhoneCode.user_id == user_id
    return db.session.scalar(
        select(PhoneCode).where(PhoneCode.phone_hash == _keyed("phone", phone), owner,
                                PhoneCode.used_at.is_(None), PhoneCode.expires_at > now,
                                PhoneCode.attempts < MAX_ATTEMPTS)
        .order_by(PhoneCode.created_at.desc(), PhoneCode.id.desc()).limit(1))


def verify_code(phone: str, code: str | None, now: datetime, user_id: int | None = None) -> None:
    """Use up the number's live code if ``code`` matches; FieldError on ``code`` if not.

    ``user_id``: only a code that account asked for counts (None: only an owner's code).
    """
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(r"\d{6}", code):
        raise FieldError("code", _("Enter the 6-digit code from the text message."))
    live = _live_code(phone, now, user_id)
    if live is None:
        raise FieldError("code", _("This code has expired or was used up. Please ask for a "
                                   "new code."))
    if not hmac.compare_digest(live.code_hash, _keyed("code", phone, code)):
        raise WrongCode(live.id, _("The code is not right. Please check the text message."))
    live.used_at = now


def count_wrong_code(code_id: int) -> None:
    """Count a wrong try on a code (after the failed request was rolled back)."""
    row = db.session.get(PhoneCode, code_id)
    if row is not None:
        row.attempts += 1
        db.session.flush()


def opt_in(community_id: int, raw_phone: str, code: str | None, consent: bool,
           purposes: tuple[str, ...], ticket_id: int | None = None,
           now: datetime | None = None, household_id: int | None = None) -> OwnerContact:
    """Record a verified number with the consent shown (version and time)."""
    now = now or utcnow()
    phone = normalise_phone(raw_phone)
    if not consent:
        raise FieldError("consent", _("Please tick the box to agree, or leave the number "
                                      "empty."))
    verify_code(phone, code, now)
    contact = OwnerContact(
        community_id=community_id, ticket_id=ticket_id, household_id=household_id, phone=phone,
        purposes=",".join(p for p in purposes if p in PURPOSES),
        consent_version=CONSENT_VERSION, consented_at=now, verified_at=now,
        unsubscribe_token=secrets.token_hex(16))
    db.session.add(contact)
    db.session.flush()
    return contact


def household_for_phone(community_id: int, building_id: int | None, unit: str | None,
                        room: str | None, raw_phone: str) -> int:
    """The household at this address whose recorded phone tail matches the number; a
    FieldError on ``room`` otherwise (so nobody subscribes to a neighbour's reminders)."""
    from ..communities.models import Household

    phone = normalise_phone(raw_phone)
    household = db.session.scalar(select(Household).where(
        Household.community_id == community_id, Household.building_id == building_id,
        Household.unit == (unit or "").strip(), Household.room == (room or "").strip()))
    if household is None:
        raise FieldError("room", _("No such room in this community. Please check the "
                                   "building, unit and room."))
    if not household.phone_tail or household.phone_tail != phone[-4:]:
        raise FieldError("room", _("This number is not the one the service centre has for "
                                   "this room. Please ask the service centre to update it."))
    return household.id


def subscribe(community_id: int, raw_phone: str, code: str | None, consent: bool, *,
              remind_survey: bool = False, building_id: int | None = None,
              unit: str | None = None, room: str | None = None) -> OwnerContact:
    """Notices, and with ``remind_survey`` survey reminders for the household at this
    address (checked against its phone tail before the code is used up)."""
    household_id = household_for_phone(community_id, building_id, unit, room, raw_phone) \
        if remind_survey else None
    purposes = ("notices", "survey_reminders") if remind_survey else ("notices",)
    return opt_in(community_id, raw_phone, code, consent, purposes, household_id=household_id)


def link_ticket(contact: OwnerContact, ticket_id: int) -> None:
    """Attach the report whose progress the contact hears about."""
    contact.ticket_id = ticket_id
    db.session.flush()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="owner-unsubscribe")


def unsubscribe_token(contact: OwnerContact) -> str:
    """The signed token of the contact's unsubscribe link."""
    return _serializer().dumps([contact.id, contact.unsubscribe_token])


def unsubscribe_url(contact: OwnerContact) -> str:
    """The full unsubscribe link every message to this owner carries."""
    return url_for("contacts.unsubscribe", token=unsubscribe_token(contact), _external=True)


def contact_for_token(token: str) -> OwnerContact:
    """The contact a signed unsubscribe token names; NotFound for a forged one."""
    try:
        contact_id, nonce = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise NotFound("unsubscribe link") from exc
    contact = db.session.get(OwnerContact, contact_id) if isinstance(contact_id, int) else None
    if contact is None or not hmac.compare_digest(contact.unsubscribe_token, str(nonce)):
        raise NotFound("unsubscribe link")
    return contact


def unsubscribe(token: str, now: datetime | None = None) -> bool:
    """End the opt-in the link names; False when it had ended already."""
    contact = contact_for_token(token)
    if contact.unsubscribed_at is not None:
        return False
    contact.unsubscribed_at = now or utcnow()
    db.session.flush()
    return True


def owner_message(contact: OwnerContact, text: str) -> tuple[str, dict]:
    """The body and SMS template parameters of a message to an owner, unsubscribe included."""
    link = unsubscribe_url(contact)
    return (_("%(text)s Stop these messages: %(link)s", text=text, link=link),
            {"content": text, "unsubscribe": link})


def active_contacts(community_id: int, purpose: str,
                    ticket_id: int | None = None) -> list[OwnerContact]:
    """Opted-in, not unsubscribed contacts for a purpose (and a ticket, for its progress)."""
    query = select(OwnerContact).where(OwnerContact.community_id == community_id,
                                       OwnerContact.unsubscribed_at.is_(None))
    if ticket_id is not None:
        query = query.where(OwnerContact.ticket_id == ticket_id)
    return [c for c in db.session.scalars(query.order_by(OwnerContact.id))
            if purpose in c.purposes.split(",")]


def send_to_owner(contact: OwnerContact, subject: str, text: str, *, idempotency_key: str,
                  template: str = "generic") -> str | None:
    """Text an opted-in owner, the unsubscribe link always included; None once unsubscribed.

    Raises the channel's TransientError / PermanentError for the delivery log to record.
    """
    if contact.unsubscribed_at is not None or contact.channel != "sms":
        return None
    body, params = owner_message(contact, text)
    return sms_aliyun.send(contact.phone, subject, body, idempotency_key=idempotency_key,
                           template=template, params=params)


def mask(phone: str | None) -> str:
    """138****5678: enough for the owner to recognise their number."""
    phone = phone or ""
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else phone
