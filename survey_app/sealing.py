"""Values a browser may carry but neither read nor change: Fernet (AES-128-CBC + HMAC).

The key is derived from the app's secret key, so nothing else has to be configured and
rotating the secret key also voids every sealed value.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app


def _fernet() -> Fernet:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    key = hashlib.sha256(b"survey_app.sealing\x00" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value) -> str:
    """The JSON value encrypted and authenticated, as text for a cookie."""
    return _fernet().encrypt(json.dumps(value).encode()).decode()


def unseal(token, max_age: int | None = None):
    """The value sealed in the token, or None when it was altered, is foreign or too old."""
    if not isinstance(token, str):
        return None
    try:
        return json.loads(_fernet().decrypt(token.encode(), ttl=max_age))
    except (InvalidToken, ValueError):
        return None
