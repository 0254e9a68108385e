"""WeChat fixtures: the fake WeChat (and SMS) servers, the app pointed at them, helpers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.fixtures.fake_providers import (  # noqa: F401 (fixtures)
    fake_aliyun,
    fake_wechat,
    sms_enabled,
    wechat_enabled,
)

#: the user agent of WeChat's built-in browser on an Android phone
WECHAT_UA = {"User-Agent": "Mozilla/5.0 (Linux; Android 13; V2203A) AppleWebKit/537.36 "
                           "(KHTML, like Gecko) Version/4.0 Chrome/107.0 Mobile Safari/537.36 "
                           "XWEB/5023 MMWEBSDK/20230202 MicroMessenger/8.0.33.2320(0x28002151) "
                           "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"}


def state_of(location: str) -> str:
    """The state parameter of an authorize URL (or of a callback address)."""
    state = parse_qs(urlsplit(location).query)["state"][0]
    assert re.fullmatch(r"[A-Za-z0-9]{1,128}", state)
    return state


def with_state(back: str, state: str) -> str:
    """A callback address with its state replaced."""
    path, query = back.split("?", 1)
    params = dict(pair.split("=", 1) for pair in query.split("&"))
    params["state"] = state
    return path + "?" + "&".join(f"{k}={v}" for k, v in params.items())
