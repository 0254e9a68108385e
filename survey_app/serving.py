"""Gunicorn settings for serving the app: ``gunicorn -c python:survey_app.serving …``.

Each worker prepares the PDF report renderer once after loading the app (fontconfig, the CJK
font, WeasyPrint's modules and the report template), so that the first report a committee
asks for does not pay a second or more of one-time set-up.
"""

from __future__ import annotations


def post_worker_init(worker) -> None:
    """Gunicorn hook: warm the report renderer in the worker's app."""
    from .reports.pdf import warm_up

    app = worker.wsgi
    with app.app_context():
        seconds = warm_up()
    worker.log.info("report renderer ready in %.1f s", seconds)
