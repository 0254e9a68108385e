"""gzip for text responses when the browser accepts it (pages, JSON, CSS, JS, SVG).

Owners are often on slow mobile networks; pages and styles shrink to about a fifth. Files
sent as streams (photos, PDFs, spreadsheets) are left alone: they are compressed already.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")
MIN_BYTES = 1024


def compress(response: Response) -> Response:
    """Gzip the body of a text response the client accepts gzip for."""
    if (response.direct_passthrough or response.status_code < 200
            or response.status_code in (204, 304) or "Content-Encoding" in response.headers
            or not (response.mimetype or "").startswith(TYPES)
            or "gzip" not in request.headers.get("Accept-Encoding", "").lower()):
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def install(app: Flask) -> None:
    """Compress responses unless COMPRESS_RESPONSES is off (a proxy may do it instead)."""
    if app.config.get("COMPRESS_RESPONSES", True):
        app.after_request(compress)
