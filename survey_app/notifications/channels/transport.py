"""The one HTTP call the provider adapters make: urllib with a timeout, faults sorted.

The standard library is enough for two JSON APIs; a network fault, a timeout or a 5xx is a
TransientError (the delivery is retried later), anything else is the caller's to judge.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from . import TransientError


@dataclass(frozen=True)
class Answer:
    """A provider's HTTP answer: status and the JSON body (None when it was not JSON)."""

    status: int
    body: dict | None


def call(url: str, *, timeout: float, data: bytes | None = None,
         headers: dict | None = None) -> Answer:
    """GET (or POST when ``data`` is given) ``url``; 5xx, timeouts and refusals raise."""
    request = urllib.request.Request(url, data=data, headers=headers or {},
                                     method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, _json(response.read()))
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise TransientError(f"provider answered HTTP {exc.code}") from exc
        return Answer(exc.code, _json(exc.read()))
    except TimeoutError as exc:
        raise TransientError("provider did not answer in time") from exc
    except urllib.error.URLError as exc:
        # a timeout while connecting arrives wrapped in URLError
        raise TransientError(f"provider unreachable: {exc.reason}") from exc
    except (ConnectionError, OSError) as exc:
        raise TransientError(f"provider connection failed: {exc}") from exc


def _json(raw: bytes) -> dict | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None
