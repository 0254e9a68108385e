"""Jobs on the test app's immediate queue: the progress page, who sees it, once-only work."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.jobs import enqueue_after_commit, task
from survey_app.jobs.models import Job
from survey_app.jobs.services import requeue_stale
from survey_app.reports.models import Report
from survey_app.reports.tasks import render_report
from tests.fixtures.factories import make_community
from tests.fixtures.owners import add_responses, uniform

CALLS: list[int] = []


@task()
def remember(value: int) -> None:
    """A task that only records that it ran."""
    CALLS.append(value)


@pytest.fixture
def owners_period(period):
    add_responses(period, [uniform(5, "1号楼", 5), uniform(3, "2号楼", 3),
                           uniform(4, "1号楼", 4)])
    db.session.commit()
    return period


def _ask(client, period, **data):
    return client.post(f"/reports/{period.community_id}/{period.id}",
                       data={"language": "zh_CN", **data})


def test_report_request_redirects_to_a_progress_page_that_offers_the_file(
        app, as_role, owners_period):
    staff = as_role("staff")
    response = _ask(staff, owners_period)
    assert response.status_code == 302 and "/jobs/" in response.location
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    assert job.kind == "report" and job.state == "done" and job.attempts == 1
    page = staff.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "已完成" in page and f"/jobs/{job.id}/file" in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    with staff.get(f"/jobs/{job.id}/file") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    report = db.session.get(Report, job.subject_id)
    assert job.result_path == report.pdf_path and report.pages > 0


def test_queued_job_page_refreshes_itself_in_chinese(as_role, community, users):
    job = Job(kind="report", community_id=community.id, subject_id=1,
              requested_by_id=users["staff"].id, params={"period_id": 1})
    db.session.add(job)
    db.session.commit()
    page = as_role("staff").get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "排队等候" in page and 'http-equiv="refresh"' in page
    assert as_role("staff").get(f"/jobs/{job.id}/file").status_code == 404  # not ready


def test_only_people_who_may_see_the_community_follow_its_jobs(
        client, as_role, owners_period, users):
    _ask(as_role("staff"), owners_period)
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    assert as_role("committee").get(f"/jobs/{job.id}").status_code == 200
    elsewhere = make_community(name="别处", code="elsewhere", buildings=1)
    db.session.commit()
    from survey_app.auth.services import create_user
    from tests.fixtures.factories import PASSWORD, login

    create_user("stranger", PASSWORD, "committee", [elsewhere.id])
    db.session.commit()
    client.post("/logout")
    assert login(client, "stranger").status_code == 302
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/file").status_code == 404
    assert client.get("/jobs/999999").status_code == 404
    client.post("/logout")
    assert client.get(f"/jobs/{job.id}").status_code == 302  # to the login page


def test_regenerate_goes_through_a_job_and_says_whether_numbers_moved(as_role, owners_period):
    staff = as_role("staff")
    _ask(staff, owners_period)
    report = db.session.scalars(select(Report).order_by(Report.id.desc())).first()
    response = staff.post(f"/reports/{report.community_id}/file/{report.id}/regenerate")
    assert response.status_code == 302 and "/jobs/" in response.location
    page = staff.get(response.location).get_data(as_text=True)
    assert "数字与上一版完全相同" in page or "numbers are identical" in page


def test_enqueue_after_commit_waits_for_the_commit_and_drops_on_rollback(app):
    CALLS.clear()
    enqueue_after_commit(remember, 1)
    assert CALLS == []
    db.session.rollback()
    db.session.commit()
    assert CALLS == []
    enqueue_after_commit(remember, 2)
    db.session.commit()
    assert CALLS == [2]


def test_a_job_is_done_once_and_a_lost_one_runs_again(app, as_role, owners_period):
    _ask(as_role("staff"), owners_period)
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    report = db.session.get(Report, job.subject_id)
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    stamp = path.stat().st_mtime_ns
    render_report(job.id)  # the same message delivered again
    db.session.expire_all()
    assert db.session.get(Job, job.id).attempts == 1 and path.stat().st_mtime_ns == stamp
    # a worker killed mid-job leaves it "running"; recovery queues it again, it runs once more
    job = db.session.get(Job, job.id)
    job.state, job.finished_at = "running", None
    db.session.commit()
    requeue_stale(older_than=__import__("datetime").timedelta(0))
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(Job, job.id)
    assert again.state == "done" and again.attempts == 2
    assert db.session.scalar(select(db.func.count(Report.id))) == 1  # no second report
