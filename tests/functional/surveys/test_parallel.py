"""200 parallel submissions plus 50 duplicates against a live server leave exactly 200 responses."""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.extensions import db
from survey_app.surveys import services
from survey_app.surveys.models import AccessCode, Answer, Response
from tests.fixtures.factories import make_community, make_period
from tests.fixtures.surveys import all_answers, codes_of, make_survey


@pytest.fixture
def live_server(database_url, tmp_path, real_commits):
    """The app on a real threaded HTTP server (same database as the test session)."""
    app = create_app({"SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "UPLOAD_DIR": str(tmp_path / "u"), "REPORTS_DIR": str(tmp_path / "r"),
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20, "max_overflow": 20}})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


def _post(host: str, path: str, form: dict) -> tuple[int, str]:
    body = urllib.parse.urlencode(form, doseq=True)
    connection = http.client.HTTPConnection(host, timeout=60)
    try:
        connection.request("POST", path, body=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
def test_200_parallel_submissions_and_50_duplicates(live_server, owner_version):
    community = make_community(name="并发小区", code="load", buildings=4, units=2, floors=5,
                               per_floor=5)
    survey = make_survey(make_period(community), owner_version)
    codes = codes_of(survey)
    assert len(codes) == 200
    form = all_answers(services.definition_of(survey))
    jobs = codes + codes[:50]
    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(lambda code: _post(live_server, f"/c/{code}/all", form), jobs))
    statuses = [status for status, _body in results]
    assert all(status in (302, 200) for status in statuses), sorted(set(statuses))
    assert statuses.count(302) == 200
    already = [body for status, body in results if status == 200]
    assert len(already) == 50
    assert all("已提交" in body or "Already submitted" in body for body in already)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id)).filter_by(status="submitted")) == 200
    assert db.session.scalar(select(func.count(Answer.id))) == 200 * 28
    assert db.session.scalar(select(func.count(AccessCode.used_on))) == 200
