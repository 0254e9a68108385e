"""Real queues and real worker processes: the embedded SQLite queue and a Redis server."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from survey_app import create_app
from survey_app.config import ConfigError
from survey_app.extensions import db
from survey_app.jobs.models import Job
from survey_app.reports.models import Report
from tests.fixtures.jobs import (
    ROOT,
    queue_on,
    redis_url,  # noqa: F401  (fixture)
    running_worker,
    start_worker,
    stop_worker,
    wait_for_job,
    worker_env,
)
from tests.fixtures.owners import add_responses, uniform

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("real_commits")]


@pytest.fixture
def owners_period(period):
    add_responses(period, [uniform(5, "1号楼", 5), uniform(3, "2号楼", 3),
                           uniform(4, "1号楼", 4)])
    db.session.commit()
    return period


def _ask_and_fetch(app, as_role, period, worker) -> Job:
    staff = as_role("staff")
    response = staff.post(f"/reports/{period.community_id}/{period.id}",
                          data={"language": "zh_CN"})
    assert response.status_code == 302 and "/jobs/" in response.location
    job_id = int(response.location.rsplit("/", 1)[1])
    queued = staff.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "排队等候" in queued or "正在处理" in queued or "已完成" in queued
    job = wait_for_job(job_id, worker=worker)
    assert job.state == "done", job.error
    with staff.get(f"/jobs/{job_id}/file") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    return job


def test_embedded_sqlite_queue_with_a_worker_process(app, as_role, owners_period, tmp_path):
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    with queue_on(app, url), running_worker(app, url) as worker:
        job = _ask_and_fetch(app, as_role, owners_period, worker)
    assert job.attempts == 1


def test_redis_queue_with_a_worker_process(app, as_role, owners_period, redis_url):  # noqa: F811
    with queue_on(app, redis_url), running_worker(app, redis_url) as worker:
        job = _ask_and_fetch(app, as_role, owners_period, worker)
    assert job.attempts == 1


def test_worker_killed_mid_job_runs_it_again_once(app, as_role, owners_period, tmp_path):
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    with queue_on(app, url):
        staff = as_role("staff")
        response = staff.post(f"/reports/{owners_period.community_id}/{owners_period.id}",
                              data={"language": "zh_CN"})
        job_id = int(response.location.rsplit("/", 1)[1])
        worker = start_worker(app, url)
        try:
            job = wait_for_job(job_id, states=("running", "done"), timeout=60, worker=worker)
        finally:
            stop_worker(worker, hard=True)  # SIGKILL: no chance to tidy up
        if job.state == "done":
            pytest.fail("the report rendered before the worker could be killed")
        assert wait_for_job(job_id, states=("running",)).state == "running"
        with running_worker(app, url) as again:  # a new worker finds the lost job
            job = wait_for_job(job_id, worker=again)
    assert job.state == "done" and job.attempts == 2
    assert db.session.scalar(select(func.count(Report.id))) == 1


def test_unreachable_redis_is_a_clear_start_up_error(app, tmp_path):
    down = "redis://127.0.0.1:1/0"
    with pytest.raises(ConfigError, match="127.0.0.1:1/0 is unreachable"):
        create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "k",
                    "QUEUE_URL": down})
    result = subprocess.run([sys.executable, "-m", "flask", "jobs", "worker"], cwd=ROOT,
                            env=worker_env(app, down), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "Error: The job queue's Redis at redis://127.0.0.1:1/0 is unreachable" in result.stderr
    assert "Traceback" not in result.stderr
    embedded = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "k"})
    assert embedded.config["QUEUE_KIND"] == "sqlite"  # the embedded mode needs no server


def test_notice_pdf_rendered_by_a_worker_once_even_if_it_is_killed(app, as_role,
                                                                   owners_period, tmp_path):
    """Issue 17: the confirming request only queues the notice PDF; a worker process renders
    it; a worker killed mid-job leaves it to the next, which keeps one PDF, one entry."""
    from survey_app.ledger.models import LedgerEntry, PublishedPdf
    from survey_app.publishing.models import Publication
    from tests.fixtures.acts import two_party

    url = f"sqlite:///{tmp_path / 'queue.db'}"
    with queue_on(app, url):
        two_party(as_role, owners_period, "close")
        two_party(as_role, owners_period, "publish", proposer="committee", confirmer="staff")
        job = db.session.scalar(select(Job).where(Job.kind == "notice_pdf"))
        assert job.state == "queued" and db.session.scalar(select(func.count(PublishedPdf.id))) == 0
        worker = start_worker(app, url)
        try:
            wait_for_job(job.id, states=("running", "done"), timeout=60, worker=worker)
        finally:
            stop_worker(worker, hard=True)  # SIGKILL, most likely while WeasyPrint renders
        with running_worker(app, url) as again:  # a new worker finds the lost job
            job = wait_for_job(job.id, worker=again)
    assert job.state == "done", job.error
    publication = db.session.scalar(select(Publication))
    assert db.session.scalar(select(func.count(PublishedPdf.id))) == 1
    entries = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.act == "results.pdf_stored")).all()
    assert len(entries) == 1 and entries[0].subject_id == publication.id
    assert app.test_cli_runner().invoke(args=["ledger", "verify", "--files"]).exit_code == 0
