"""SMS to an account's verified mobile number, through the Aliyun adapter (sms_aliyun.py).

Off while the adapter is not configured (the default): ``make`` returns None and a queued
delivery is skipped visibly. A number is an address only once verified (notifications/phone.py).
"""

from __future__ import annotations

from . import sms_aliyun


def address_of(user) -> str | None:
    """The account's verified mobile number; None until one is verified."""
    phone = getattr(user, "phone", None)
    return phone if phone and getattr(user, "phone_verified_at", None) else None


def make():
    """The Aliyun sender, or None while SMS is not configured."""
    return AliyunSms() if sms_aliyun.configured() else None


class AliyunSms:
    """The rendered text in the generic template (one variable, the whole text)."""

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        """Send one SMS; the adapter sorts failures into transient and permanent."""
        return sms_aliyun.send(address, subject, body, idempotency_key=idempotency_key)
