"""The gunicorn start-up hook prepares the report renderer in each worker."""

from __future__ import annotations

import gc
import logging
from types import SimpleNamespace

from survey_app import serving


def test_post_worker_init_compiles_the_report_template(app, caplog):
    app.jinja_env.cache.clear()
    worker = SimpleNamespace(wsgi=app, log=logging.getLogger("gunicorn.test"))
    try:
        with caplog.at_level(logging.INFO, logger="gunicorn.test"):
            serving.post_worker_init(worker)
        # the loaded app is out of the collector's sight: no 175 ms full collection mid-request
        assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()
    assert "report renderer ready" in caplog.text
    cached = [key for key in app.jinja_env.cache.keys() if "reports/pdf/report.html" in str(key)]
    assert cached
