"""Sign-in throttling shared by every worker: per account with a growing wait, per address.

Only failed attempts count, so a busy office behind one address is not locked out by its
own successful sign-ins. An account gets ``LOGIN_FREE_FAILURES`` failures in the window;
after that each attempt must wait 30 s, 1 min, 2 min … (at most the window) after the last
failure. An address gets ``LOGIN_ADDRESS_FAILURES`` failures in the window over all
accounts. Unknown usernames are counted the same way as real ones, and a password is
checked against a dummy hash when the user does not exist, so neither the answer, its
timing nor the throttling tells which usernames exist.
"""

from __future__ import annotations

import math
import secrets
from datetime import timedelta
from functools import lru_cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from .. import throttle
from ..models_base import utcnow

ACCOUNT, ADDRESS = "login-account", "login-address"
FIRST_WAIT = timedelta(seconds=30)


class LoginRefused(Exception):
    """Too many failed sign-ins: try again after ``wait`` seconds."""

    def __init__(self, wait: float):
        self.wait = wait
        super().__init__(f"wait {wait:.0f} s")

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.wait / 60))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def spend_like_a_check(password: str) -> None:
    """As long as checking a real password, for a user that does not exist."""
    check_password_hash(_dummy_hash(), password)


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW"])


def _keys(username: str) -> tuple[str, str]:
    return (throttle.key_of(ACCOUNT, username.strip().lower()),
            throttle.key_of(ADDRESS, throttle.client_address()))


def account_wait(failures: int, last, window: timedelta) -> float:
    """Seconds the account must still wait after ``failures`` failures, the last at ``last``."""
    free = current_app.config["LOGIN_FREE_FAILURES"]
    if failures < free or last is None:
        return 0.0
    wait = min(FIRST_WAIT * 2 ** (failures - free), window)
    return max(0.0, (last + wait - utcnow()).total_seconds())


def check(username: str) -> None:
    """Raise LoginRefused while the account or the address has to wait."""
    if not current_app.config["LOGIN_THROTTLE_ENABLED"]:
        return
    window = _window()
    account, address = _keys(username)
    wait = account_wait(*throttle.recent(ACCOUNT, account, window), window)
    count, last = throttle.recent(ADDRESS, address, window)
    if count >= current_app.config["LOGIN_ADDRESS_FAILURES"] and last is not None:
        wait = max(wait, (last + window - utcnow()).total_seconds())
    if wait > 0:
        raise LoginRefused(wait)


def failed(username: str) -> None:
    """Count a failed sign-in for the account and the address (the caller commits)."""
    if current_app.config["LOGIN_THROTTLE_ENABLED"]:
        account, address = _keys(username)
        throttle.record(ACCOUNT, account)
        throttle.record(ADDRESS, address)


def succeeded(username: str) -> None:
    """A correct password: the account starts afresh."""
    if current_app.config["LOGIN_THROTTLE_ENABLED"]:
        throttle.clear(ACCOUNT, _keys(username)[0])
