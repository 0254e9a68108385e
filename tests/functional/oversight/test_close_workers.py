"""Closing a quarter on a real Redis queue, done by a real worker process with two threads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.jobs.models import JobItem
from survey_app.results.models import PeriodRecord
from tests.fixtures.factories import login, make_community
from tests.fixtures.jobs import (
    queue_on,
    redis_url,  # noqa: F401  (fixture)
    start_worker,
    stop_worker,
    wait_for_job,
)
from tests.functional.oversight.test_close_many import _quarter

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("real_commits")]


def test_parts_are_done_by_a_worker_on_redis(app, client, community, users,
                                             redis_url):  # noqa: F811
    for n in range(3):
        _quarter(make_community(name=f"队列小区{n}", code=f"q{n}", buildings=1))
    _quarter(community)
    db.session.commit()
    login(client, "admin")
    with queue_on(app, redis_url):
        response = client.post("/overview/close", data={"label": "2026-Q4"})
        assert response.status_code == 302, response.status_code
        job_id = int(response.location.rsplit("/", 1)[1])
        worker = start_worker(app, redis_url, "--workers", "2", "--no-periodic")
        try:
            job = wait_for_job(job_id, timeout=180, worker=worker)
        finally:
            stop_worker(worker)
    assert job.state == "done"
    states = db.session.scalars(select(JobItem.state).where(JobItem.job_id == job_id)).all()
    assert sorted(states) == ["done"] * 4
    assert db.session.scalar(select(func.count(PeriodRecord.id))) == 4
    assert "4 个小区中已完成 4 个" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
