"""Guards against bad input and faults, installed app-wide in one place.

- ``converters``: URL integers bounded to what every database column can hold, URL strings
  without control characters (404 otherwise);
- ``params``: query and form values cleaned of NUL and other control characters, integers
  read with ``type=int`` bounded the same way;
- ``text``: the one definition of a disallowed character, also used by exports and imports;
- ``redirects``: the one safe ``next=`` target;
- ``faults``: a locked or unreachable database, an unwritable folder -> a calm 503 page that
  keeps what the user typed.
"""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Converters, request class and fault pages; call before registering blueprints."""
    from .converters import install as install_converters
    from .faults import install as install_faults
    from .params import GuardedRequest

    install_converters(app)
    app.request_class = GuardedRequest
    install_faults(app)
