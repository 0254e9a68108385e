"""WeChat web authorisation (网页授权) with scope snsapi_base: learn a visitor's openid.

What this speaks, from the WeChat Official Accounts documentation
(https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html):

- step 1, inside WeChat's browser the page is sent to
  ``https://open.weixin.qq.com/connect/oauth2/authorize?appid=APPID&redirect_uri=REDIRECT_URI
  &response_type=code&scope=snsapi_base&state=STATE#wechat_redirect``; the parameters must keep
  this order, ``redirect_uri`` is URL-encoded and lies in the account's authorised domain,
  ``state`` is at most 128 bytes of ``a-zA-Z0-9``. snsapi_base is silent (no confirmation
  screen) and WeChat comes back to ``REDIRECT_URI?code=CODE&state=STATE``.
- step 2, the server exchanges the code: ``GET /sns/oauth2/access_token?appid=APPID
  &secret=SECRET&code=CODE&grant_type=authorization_code`` answers ``{"access_token",
  "expires_in", "refresh_token", "openid", "scope"}`` or an error such as
  ``{"errcode": 40029, "errmsg": "invalid code"}`` (40163: code been used). A code is good
  for one exchange within five minutes.

Only the openid is kept; the user access_token of snsapi_base is good for nothing else here.
Configuration: WECHAT_APPID, WECHAT_SECRET, WECHAT_API_BASE and WECHAT_OPEN_BASE (defaults
https://api.weixin.qq.com and https://open.weixin.qq.com; both point at a local fake in tests).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from flask import current_app

from . import TransientError
from .transport import call
from .wechat import configured, settings

DEFAULT_OPEN_BASE = "https://open.weixin.qq.com"
#: WeChat's rule for the state parameter
STATE_RE = re.compile(r"^[A-Za-z0-9]{1,128}$")
#: the code is invalid or was used already: the visitor should simply start again
CODE_SPENT = frozenset({40029, 40163})


class OAuthError(RuntimeError):
    """The code exchange failed; ``spent`` when the code was invalid or used already."""

    def __init__(self, message: str, *, spent: bool = False):
        super().__init__(message)
        self.spent = spent


def open_base(config=None) -> str:
    """Where the authorize page lives (WeChat's, or a local fake)."""
    config = current_app.config if config is None else config
    return str(config.get("WECHAT_OPEN_BASE") or DEFAULT_OPEN_BASE).rstrip("/")


def authorize_url(redirect_uri: str, state: str, config=None) -> str:
    """The snsapi_base authorize URL, parameters in the documented order."""
    if not STATE_RE.match(state):
        raise ValueError("WeChat's state must be 1-128 letters and digits")
    appid = settings(config)["appid"]
    # built by hand, not urlencode(): WeChat wants exactly this order and the fragment
    return (f"{open_base(config)}/connect/oauth2/authorize?appid={quote(appid, safe='')}"
            f"&redirect_uri={quote(redirect_uri, safe='')}&response_type=code"
            f"&scope=snsapi_base&state={state}#wechat_redirect")


def exchange_code(code: str, config=None) -> str:
    """The openid for an authorisation code; OAuthError when WeChat refuses it."""
    if not configured(config):
        raise OAuthError("WeChat is not configured")
    if not code or len(code) > 128:
        raise OAuthError("no code", spent=True)
    found = settings(config)
    query = urlencode({"appid": found["appid"], "secret": found["secret"], "code": code,
                       "grant_type": "authorization_code"})
    try:
        answer = call(f"{found['base']}/sns/oauth2/access_token?{query}",
                      timeout=found["timeout"])
    except TransientError as exc:
        raise OAuthError(str(exc)) from exc
    body = answer.body or {}
    if body.get("openid"):
        return str(body["openid"])
    errcode = int(body.get("errcode", -1))
    raise OAuthError(f"{errcode}: {body.get('errmsg', '')}", spent=errcode in CODE_SPENT)
