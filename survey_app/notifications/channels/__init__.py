"""Channels: how a rendered message reaches an address (inbox, email, WeChat; SMS plugs in).

Every channel implements ``Channel.send`` and signals failure with ``TransientError`` (try
again later: the server is down, slow or says 4xx/5xx-busy) or ``PermanentError`` (this will
never work: a rejected address, a refused template). Adapters register themselves with
``register`` together with how to find a user's address on that channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class TransientError(RuntimeError):
    """The send may succeed later: retried with backoff."""


class PermanentError(RuntimeError):
    """The send will never succeed: the delivery fails at once."""


class Channel(Protocol):
    """A way to send one message; returns the provider's message id."""

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        """Send once; the idempotency key lets a provider drop a repeated request."""
        ...


@dataclass(frozen=True)
class Registered:
    """A channel's sender factory (built per delivery, so it reads the current config) and
    the function giving a user's address on it (None: the user has none)."""

    make: Callable[[], Channel | None]
    address_of: Callable[[object], str | None]


_REGISTRY: dict[str, Registered] = {}


def register(name: str, make: Callable[[], Channel | None],
             address_of: Callable[[object], str | None]) -> None:
    """Make a channel available (``make`` returns None while it is not configured)."""
    _REGISTRY[name] = Registered(make, address_of)


def unregister(name: str) -> None:
    """Remove a channel (tests that plug in their own)."""
    _REGISTRY.pop(name, None)


def get(name: str) -> Registered | None:
    """The registered channel of that name, if any."""
    return _REGISTRY.get(name)


def _install_defaults() -> None:
    from .email import address_of as email_address
    from .email import make as make_email
    from .inbox import InboxChannel
    from .sms import address_of as sms_address
    from .sms import make as make_sms
    from .wechat import address_of as wechat_address
    from .wechat import make as make_wechat

    register("inbox", InboxChannel, lambda user: f"user:{user.id}")
    register("email", make_email, email_address)
    register("sms", make_sms, sms_address)
    register("wechat", make_wechat, wechat_address)


_install_defaults()
