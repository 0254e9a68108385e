"""The in-app inbox: the Notification row is the message, so sending does nothing."""

from __future__ import annotations


class InboxChannel:
    """Always delivered: the reader sees the notification on /notifications."""

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        """Nothing to send; the id names the inbox entry."""
        return f"inbox:{idempotency_key[:16]}"
