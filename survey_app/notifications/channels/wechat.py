"""WeChat official account (微信公众号) template messages to an owner's openid.

What this speaks, from the WeChat Official Accounts documentation:

- access_token: ``GET /cgi-bin/token?grant_type=client_credential&appid=APPID&secret=SECRET``
  answers ``{"access_token": ..., "expires_in": 7200}``; the token is shared by every caller of
  the account, so it is cached until shortly before it expires, and fetched again when a call
  answers 40001 (invalid credential) or 42001 (access_token expired).
  https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
- template message: ``POST /cgi-bin/message/template/send?access_token=TOKEN`` with JSON
  ``{"touser": openid, "template_id": ..., "url": ..., "data": {key: {"value": ...}}}``,
  answering ``{"errcode": 0, "errmsg": "ok", "msgid": ...}``.
  https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
- global return codes (-1 system busy, 40001, 40003 invalid openid, 40037 invalid template_id,
  42001, 43004 the user has not subscribed, 45009 api freq out of limit):
  https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html

The API has no idempotency key; the delivery log sends each idempotency key once.

Configuration (``SURVEY_APP_`` prefix in the environment): WECHAT_APPID, WECHAT_SECRET,
WECHAT_API_BASE (default https://api.weixin.qq.com, for a local fake), WECHAT_TEMPLATES
(event -> template_id, JSON), WECHAT_TIMEOUT. Without appid and secret the channel is off.
"""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlencode

from flask import current_app

from . import PermanentError, TransientError
from .transport import call

DEFAULT_BASE = "https://api.weixin.qq.com"
#: the token is refreshed this many seconds before WeChat says it expires
TOKEN_MARGIN = 300
#: worth another try later: system busy, frequency limits
TRANSIENT = frozenset({-1, 45009, 45011})
#: the cached token is no longer good: fetch a new one and send again, once
STALE_TOKEN = frozenset({40001, 40014, 42001})
GENERIC_TEMPLATE = "generic"

_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_lock = threading.Lock()


def settings(config=None) -> dict:
    """The adapter's settings from the app configuration."""
    config = current_app.config if config is None else config
    return {
        "appid": str(config.get("WECHAT_APPID") or ""),
        "secret": str(config.get("WECHAT_SECRET") or ""),
        "base": str(config.get("WECHAT_API_BASE") or DEFAULT_BASE).rstrip("/"),
        "templates": dict(config.get("WECHAT_TEMPLATES") or {}),
        "timeout": float(config.get("WECHAT_TIMEOUT") or 5),
    }


def configured(config=None) -> bool:
    """Whether WeChat messages can be sent at all (appid and secret are set)."""
    found = settings(config)
    return bool(found["appid"] and found["secret"])


def forget_tokens() -> None:
    """Drop every cached access_token (tests; a changed secret)."""
    with _lock:
        _tokens.clear()


def access_token(found: dict, *, fresh: bool = False) -> str:
    """The account's access_token, from the cache unless it is stale or ``fresh``."""
    key = (found["base"], found["appid"])
    with _lock:
        cached = _tokens.get(key)
        if cached and not fresh and cached[1] > time.monotonic():
            return cached[0]
        token, lifetime = _fetch_token(found)
        _tokens[key] = (token, time.monotonic() + max(lifetime - TOKEN_MARGIN, 0))
        return token


def _fetch_token(found: dict) -> tuple[str, int]:
    query = urlencode({"grant_type": "client_credential", "appid": found["appid"],
                       "secret": found["secret"]})
    body = call(f"{found['base']}/cgi-bin/token?{query}", timeout=found["timeout"]).body
    if body is None:
        raise TransientError("unreadable access_token answer")
    if body.get("access_token"):
        return str(body["access_token"]), int(body.get("expires_in") or 7200)
    _raise_for(body)
    raise TransientError("access_token answer without a token")


def _raise_for(body: dict) -> None:
    code = int(body.get("errcode", -1))
    message = f"{code}: {body.get('errmsg', '')}"
    if code in TRANSIENT or code in STALE_TOKEN:
        raise TransientError(message)
    raise PermanentError(message)


def payload(openid: str, subject: str, body: str, template: str | None,
            params: dict | None, found: dict) -> dict:
    """The template message JSON; ``params["url"]``, if given, is the link it opens."""
    name = template or GENERIC_TEMPLATE
    template_id = found["templates"].get(name)
    if not template_id:
        raise PermanentError(f"no WeChat template configured for {name!r}")
    values = dict(params) if params is not None else {"first": subject, "remark": body}
    link = values.pop("url", None)
    message = {"touser": openid, "template_id": template_id,
               "data": {key: {"value": str(value)} for key, value in values.items()}}
    if link:
        message["url"] = str(link)
    return message


def _post(found: dict, token: str, message: dict) -> dict:
    url = f"{found['base']}/cgi-bin/message/template/send?access_token={token}"
    data = json.dumps(message, ensure_ascii=False).encode("utf-8")
    answer = call(url, timeout=found["timeout"], data=data,
                  headers={"Content-Type": "application/json; charset=utf-8"})
    if answer.body is None:
        raise TransientError(f"unreadable answer (HTTP {answer.status})")
    return answer.body


def send(address: str, subject: str, body: str, *, idempotency_key: str,
         template: str | None = None, params: dict | None = None, config=None) -> str:
    """Send one template message to an openid; WeChat's msgid, or Transient/PermanentError."""
    found = settings(config)
    if not configured(config):
        raise PermanentError("WeChat is not configured")
    message = payload(address, subject, body, template, params, found)
    answer = _post(found, access_token(found), message)
    if int(answer.get("errcode", -1)) in STALE_TOKEN:
        answer = _post(found, access_token(found, fresh=True), message)
    if int(answer.get("errcode", -1)) == 0:
        return str(answer.get("msgid"))
    _raise_for(answer)
    raise AssertionError("unreachable")


def address_of(user) -> str | None:
    """The openid bound to the account on the notification preferences page, if any."""
    return (getattr(user, "wechat_openid", None) or "").strip() or None


def make():
    """The channel for accounts' notifications, or None while WeChat is not configured."""
    return WechatChannel() if configured() else None


class WechatChannel:
    """An account's notification as the generic template: the title as ``first``, the text
    as ``remark``, and a trailing link (the body's last line) as the message's ``url``."""

    def send(self, address: str, subject: str, body: str, *, idempotency_key: str) -> str:
        text, _sep, last = body.rpartition("\n")
        params = {"first": subject, "remark": body}
        if text and last.startswith(("http://", "https://")):
            params = {"first": subject, "remark": text, "url": last}
        return send(address, subject, body, idempotency_key=idempotency_key, params=params)
