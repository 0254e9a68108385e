"""Gunicorn settings for serving the app: ``python -m gunicorn -c python:survey_app.serving …``.

Production serving (see README): threaded workers (``gthread``). A connection is read by
one of a worker's threads while the worker's main loop keeps answering gunicorn's
heartbeat, so slow or stalled clients tie up single threads, never whole workers, and
gunicorn does not kill workers because of them. Connections that send nothing within
``timeout`` seconds are dropped. Responses are compressed by the app (compression.py).

Each worker prepares the PDF report renderer once after loading the app (fontconfig, the CJK
font, WeasyPrint's modules and the report template), so that the first report a committee
asks for does not pay a second or more of one-time set-up.
"""

from __future__ import annotations

import gc
import os

worker_class = "gthread"
#: threads per worker: slow clients each hold one; 2 workers × 16 threads by default
threads = int(os.environ.get("SURVEY_APP_THREADS", "16"))
#: a worker silent this long is restarted; a request's body must arrive within it
timeout = 60
graceful_timeout = 30
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100
#: access and error lines never carry an owner's access code (logredact.py)
logger_class = "survey_app.logredact.GunicornLogger"


def on_starting(server) -> None:
    """Gunicorn hook: refuse to start, in one line, on a job-queue Redis that does not answer."""
    from .jobs.queue import check_environment

    check_environment()


def post_worker_init(worker) -> None:
    """Gunicorn hook: warm the report renderer in the worker's app, then freeze the heap."""
    if not os.environ.get("SURVEY_APP_SKIP_WARMUP"):
        from .reports.pdf import warm_up

        with worker.wsgi.app_context():
            seconds = warm_up()
        worker.log.info("report renderer ready in %.1f s", seconds)
    freeze_loaded_objects()


def freeze_loaded_objects() -> None:
    """Move everything loaded so far out of the garbage collector's sight (gc.freeze).

    A loaded app holds about 290,000 objects (SciPy, Matplotlib, WeasyPrint, the models); a
    full collection walks them all, about 175 ms, and lands inside whichever request happens
    to trigger it. Frozen, a request's collection walks only what requests made.
    """
    gc.collect()
    gc.freeze()
