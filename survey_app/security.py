"""Response headers that every page gets, and the favicon.

The app serves every script, style and image itself, so the Content-Security-Policy allows
only this origin. The two small inline scripts (owner survey, rectification form) carry a
per-request nonce. Styles allow 'unsafe-inline': the dashboard's charts are inline SVG from
matplotlib, whose shapes carry style attributes, and the owner pages inline their tiny
stylesheet to save a request on slow networks; inline styles cannot run code. Images also
allow blob: URLs, which only the page's own scripts make: the offline walk-round draws a photo
from one to compress it on the phone (issue 20); without it no browser could.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, g

FAVICON = Path(__file__).resolve().parent / "static" / "img" / "favicon.ico"

CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(), microphone=()",
}


def csp_nonce() -> str:
    """This response's script nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def allow_form_action(origin: str) -> None:
    """Let this page's forms lead to ``origin`` too: browsers apply form-action to the
    redirects after a submit, so a form whose answer redirects to another site (WeChat's
    authorisation) is blocked unless that site is listed."""
    g.form_action_sources = {*g.get("form_action_sources", ()), origin}


def add_headers(response: Response) -> Response:
    """Set the security headers unless a view chose its own."""
    policy = CSP.format(nonce=csp_nonce())
    extra = g.get("form_action_sources")
    if extra:
        policy = policy.replace("form-action 'self'",
                                "form-action 'self' " + " ".join(sorted(extra)))
    response.headers.setdefault("Content-Security-Policy", policy)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@lru_cache(maxsize=1)
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


def favicon():
    """The app's icon (browsers ask for /favicon.ico on every site)."""
    response = Response(_favicon_bytes(), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public, response.cache_control.max_age = True, 7 * 24 * 3600
    return response


def install(app: Flask) -> None:
    """Headers on every response, ``csp_nonce()`` in templates, /favicon.ico."""
    from . import compression
    from .permissions import public

    compression.install(app)
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:  # behind that many trusted reverse proxies: the client address is X-Forwarded-For
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(add_headers)
    app.add_template_global(csp_nonce)
    app.add_url_rule("/favicon.ico", "favicon", public(favicon))
