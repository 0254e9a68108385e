"""WeChat web authorisation around the provider calls: the state that protects it, and the
code exchange (shared by the owners' opt-in and the staff accounts' binding).

The ``state`` sent to WeChat is a random nonce followed by an HMAC of that nonce and a random
key kept in this browser's session: a state made up, altered or carried to another browser
fails the check before anything is looked up (CSRF: nobody can make someone else's browser
finish an authorisation they started). The nonce's row says what the authorisation is for,
decided by the server beforehand (whose account, which ticket, what consent), is used once
(an atomic update) and expires after ``STATE_TTL``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app, session, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ..extensions import db
from ..models_base import utcnow
from .channels import wechat, wechat_oauth
from .channels.wechat_oauth import OAuthError  # noqa: F401 (re-exported for the routes)
from .models import WechatAuthState

#: how long a visitor may take between leaving for WeChat and coming back
STATE_TTL = timedelta(minutes=10)
#: a failed authorisation may be started again from its error page for this long
RETRY_WINDOW = timedelta(hours=1)
SESSION_KEY = "wechat_browser"
NONCE_CHARS, MAC_CHARS = 32, 32


class BadState(Exception):
    """The state is forged, from another browser, used already or expired: a 400 page."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def available() -> bool:
    """Whether WeChat authorisation can be offered at all (appid and secret are set)."""
    return wechat.configured()


def in_wechat(user_agent: str | None) -> bool:
    """Whether the page is open in WeChat's own browser, where authorisation is silent."""
    return "MicroMessenger" in (user_agent or "")


def allow_leaving_for_wechat() -> None:
    """Let this page's forms redirect to WeChat's authorize page (the CSP's form-action)."""
    from urllib.parse import urlsplit

    from ..security import allow_form_action

    parts = urlsplit(wechat_oauth.open_base())
    allow_form_action(f"{parts.scheme}://{parts.netloc}")


def callback_url(endpoint: str) -> str:
    """The absolute address WeChat sends the visitor back to (PUBLIC_BASE_URL when set: it
    must lie in the official account's authorised domain, not a proxy's inner host)."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return base + url_for(endpoint) if base else url_for(endpoint, _external=True)


def _browser_key(create: bool = False) -> str | None:
    key = session.get(SESSION_KEY)
    if not key and create:
        key = session[SESSION_KEY] = secrets.token_hex(16)
    return key or None


def _mac(nonce: str, browser: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"wechat-state\x1f{nonce}\x1f{browser}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:MAC_CHARS]


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def begin(purpose: str, redirect_uri: str, *, user_id: int | None = None,
          community_id: int | None = None, ticket_id: int | None = None,
          consent_version: str | None = None, consented_at: datetime | None = None,
          now: datetime | None = None) -> str:
    """Record an authorisation for ``purpose`` and return the WeChat URL to go to."""
    now = now or utcnow()
    db.session.execute(delete(WechatAuthState).where(
        WechatAuthState.created_at < now - timedelta(days=1)))
    nonce = secrets.token_hex(NONCE_CHARS // 2)
    db.session.add(WechatAuthState(
        nonce_hash=_hash(nonce), purpose=purpose, user_id=user_id, community_id=community_id,
        ticket_id=ticket_id, consent_version=consent_version, consented_at=consented_at,
        created_at=now, expires_at=now + STATE_TTL))
    db.session.flush()
    return wechat_oauth.authorize_url(redirect_uri, nonce + _mac(nonce, _browser_key(True)))


def _row(state: str | None, purposes: tuple[str, ...],
         user_id: int | None = None) -> WechatAuthState:
    """The row of a state that this browser started for ``user_id`` (None: an owner, no
    account); BadState otherwise."""
    state = state or ""
    if len(state) != NONCE_CHARS + MAC_CHARS or not state.isalnum():
        raise BadState("forged", _("This link is not a valid WeChat sign-in. Please start "
                                   "again from the page you came from."))
    nonce, mac = state[:NONCE_CHARS], state[NONCE_CHARS:]
    browser = _browser_key()
    if browser is None or not hmac.compare_digest(mac, _mac(nonce, browser)):
        raise BadState("browser", _("This WeChat sign-in was not started in this browser. "
                                    "Please start again from the page you came from."))
    row = db.session.scalar(select(WechatAuthState).filter_by(nonce_hash=_hash(nonce)))
    if row is None or row.purpose not in purposes:
        raise BadState("forged", _("This link is not a valid WeChat sign-in. Please start "
                                   "again from the page you came from."))
    if row.user_id != user_id:
        raise BadState("account", _("This WeChat sign-in was started for another account. "
                                    "Please sign in with your own account and start again."))
    return row


def take(state: str | None, purposes: tuple[str, ...], *, user_id: int | None = None,
         now: datetime | None = None) -> WechatAuthState:
    """Use up a state this browser started for one of ``purposes`` (and for ``user_id``):
    its row, or BadState (forged, another browser's or account's, used already, expired)."""
    now = now or utcnow()
    row = _row(state, purposes, user_id)
    if row.used_at is None and row.expires_at <= now:
        raise BadState("expired", _("This WeChat sign-in took too long. Please start again."))
    # one atomic update: two arrivals of the same state cannot both pass
    done = db.session.execute(update(WechatAuthState).where(
        WechatAuthState.id == row.id, WechatAuthState.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise BadState("replayed", _("This WeChat sign-in link was used already. If you "
                                     "were not done, please start again."))
    db.session.refresh(row)
    return row


def restart(state: str | None, purposes: tuple[str, ...], redirect_uri: str,
            now: datetime | None = None) -> str:
    """Start again what a used state of this browser was for (within RETRY_WINDOW), with
    the same purpose, ticket and consent; the WeChat URL to go to."""
    now = now or utcnow()
    row = _row(state, purposes)
    if row.used_at is None or row.created_at < now - RETRY_WINDOW:
        raise BadState("expired", _("This WeChat sign-in can no longer be retried. Please "
                                    "start again from the page you came from."))
    return begin(row.purpose, redirect_uri, user_id=row.user_id,
                 community_id=row.community_id, ticket_id=row.ticket_id,
                 consent_version=row.consent_version, consented_at=row.consented_at, now=now)


def openid_for(code: str | None) -> str:
    """The visitor's openid for WeChat's code; OAuthError (``spent``: start again)."""
    return wechat_oauth.exchange_code(code or "")


def failure_message(exc: OAuthError) -> str:
    """What the visitor reads when the exchange failed: calm, and what to do next."""
    if exc.spent:
        return _("WeChat did not accept this sign-in (it may have been opened twice). "
                 "Nothing was changed. Please try again.")
    return _("WeChat is not answering at the moment. Nothing was changed. Please try again "
             "in a few minutes.")
