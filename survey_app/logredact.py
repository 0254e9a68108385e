"""No log line carries an owner's access code: /c/<code> paths are redacted before writing.

Codes appear in request lines, paths and Referer headers (a page under /c/<code> loads the
app's assets). Every logger that may write them gets the same filter: the app's own,
Werkzeug's request log (development server) and gunicorn's access and error logs
(``logger_class`` in serving.py).
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornBaseLogger

#: /c/<code> and /c/<code>/… : the code is replaced, the rest of the path is kept
CODE_PATH = re.compile(r"(/c/)[^/\s?#\"']+")
REDACTED = r"\1[code]"


def redact(text: str) -> str:
    """The text with every access code of an owner URL replaced by [code]."""
    return CODE_PATH.sub(REDACTED, text)


class RedactCodes(logging.Filter):
    """A filter that rewrites a record's final message without codes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


FILTER = RedactCodes()


def install(app) -> None:
    """Redact codes in the app's and Werkzeug's loggers."""
    for logger in (app.logger, logging.getLogger("werkzeug")):
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)


class GunicornLogger(GunicornBaseLogger):
    """Gunicorn's logger with codes redacted from access and error lines."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for logger in (self.access_log, self.error_log):
            if FILTER not in logger.filters:
                logger.addFilter(FILTER)
