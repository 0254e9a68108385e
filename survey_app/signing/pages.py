"""Presentation helpers: the QR code of a signing link for the recorder's phone."""

from __future__ import annotations

import segno
from flask import url_for
from markupsafe import Markup

from .models import SigningLink


def link_page(link: SigningLink, token: str, *, signer: str, back_url: str,
              title: str) -> dict:
    """Context of signing/link.html: the absolute URL, its QR code (inline SVG), expiry."""
    url = url_for("signing.sign", token=token, _external=True)
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, omitsize=True)
    return {"url": url, "qr_svg": Markup(svg), "expires_at": link.expires_at,
            "signer": signer, "back_url": back_url, "title": title}
