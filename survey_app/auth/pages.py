"""Presentation helpers of the account pages: the sessions list and the enrolment QR code."""

from __future__ import annotations

import re

import segno
from markupsafe import Markup

from . import sessions

#: (pattern in the User-Agent, name shown), the first match wins: order matters (Edge and
#: WeChat also say Chrome, Chrome also says Safari)
BROWSERS = ((r"MicroMessenger", "WeChat"), (r"Edg/", "Edge"), (r"OPR/|Opera", "Opera"),
            (r"Firefox/", "Firefox"), (r"Chrome/|Chromium/", "Chrome"), (r"Safari/", "Safari"))
SYSTEMS = ((r"Windows", "Windows"), (r"iPhone|iPad", "iOS"), (r"Android", "Android"),
           (r"Mac OS X|Macintosh", "macOS"), (r"Linux", "Linux"))


def _first(patterns, text: str) -> str:
    return next((name for pattern, name in patterns if re.search(pattern, text)), "")


def device_summary(agent: str) -> str:
    """"Chrome on Android" from a User-Agent header ("" when nothing is recognised)."""
    browser, system = _first(BROWSERS, agent or ""), _first(SYSTEMS, agent or "")
    return " · ".join(part for part in (browser, system) if part)


def session_rows(user) -> list[dict]:
    """The user's sign-ins for the sessions page, the current one marked."""
    current = sessions.current_id(user)
    return [{"device": device_summary(row.user_agent), "address": row.address,
             "started": row.created_at, "seen": row.last_seen_at or row.created_at,
             "current": row.id == current} for row in sessions.of_user(user.id)]


def qr_svg(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code (no external service sees the secret)."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, omitsize=False))
