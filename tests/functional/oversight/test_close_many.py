"""Closing a quarter for many communities: one background part per community, named on the
progress page, idempotent when run again, a duplicate message or a killed worker."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from survey_app.communities.services import change_period_status
from survey_app.extensions import db
from survey_app.jobs.models import Job, JobItem
from survey_app.models_base import utcnow
from survey_app.oversight import closing, services
from survey_app.oversight import tasks as close_tasks
from survey_app.oversight.models import OverviewRow
from survey_app.results import schemes
from survey_app.results.models import CommunityScheme, PeriodRecord
from survey_app.stats import Scheme
from tests.fixtures.factories import login, make_community, make_period
from tests.fixtures.owners import add_responses, uniform


def _quarter(community, status="closed", values=(4, 5, 4, 5, 5)):
    """A Q4 period; closed by both parties (status only: no record yet) unless still open."""
    period = make_period(community, label="2026-Q4", start=date(2026, 10, 1),
                         end=date(2026, 12, 31), status="open")
    if values:
        add_responses(period, [uniform(v, "1号楼") for v in values])
    if status == "closed":
        change_period_status(period, "closed")
    return period


def _wrong_scheme(community) -> None:
    """The community scores with a scheme that does not fit its questionnaire: it fails."""
    wrong = Scheme.from_dict({"key": "wrong", "dimensions": [
        {"key": "hygiene", "weight": 1}, {"key": "gardens", "weight": 1}]})
    version, _created = schemes.store(wrong)
    db.session.add(CommunityScheme(community_id=community.id, scheme_version_id=version.id))


def _company_of_three(org, community):
    """The company 甲 serves three communities: one scorable, one failing, one open."""
    failing = make_community(name="方案不符小区", code="wrong", buildings=1)
    still_open = make_community(name="未结束小区", code="open", buildings=1)
    for extra in (failing, still_open):
        services.assign_company(extra.id, org.company, date(2024, 1, 1))
    scored = _quarter(community)
    _wrong_scheme(failing)
    _quarter(failing)
    _quarter(still_open, status="open")
    db.session.commit()
    return scored


def _records(period) -> int:
    return db.session.scalar(select(func.count(PeriodRecord.id))
                             .where(PeriodRecord.period_id == period.id))


def _close(client, label="2026-Q4"):
    response = client.post("/overview/close", data={"label": label})
    assert response.status_code == 302 and "/jobs/" in response.location, response.status_code
    return db.session.get(Job, int(response.location.rsplit("/", 1)[1]))


def test_director_closes_the_quarter_of_the_company_in_the_background(
        client, community, other_community, overseers, org):
    scored = _company_of_three(org, community)
    _quarter(other_community)  # another company's: not the director's to close
    db.session.commit()
    login(client, "director")
    assert "/overview/close" in client.get("/overview/").get_data(as_text=True)
    form = client.get("/overview/close").get_data(as_text=True)
    assert "2026-Q4" in form
    job = _close(client)
    assert job.kind == closing.KIND and job.state == "done" and job.params["total"] == 3
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "3 个小区中已完成 3 个" in page
    assert "方案不符小区" in page and "hygiene" in page and "未结束小区" in page  # failed and skipped, by name
    assert "双方" in page  # the open one: closing stays a two-party act
    assert _records(scored) == 1
    assert db.session.get(OverviewRow, scored.id).composite is not None
    states = dict(db.session.execute(select(JobItem.community_id, JobItem.state)
                                     .where(JobItem.job_id == job.id)).all())
    assert sorted(states.values()) == ["done", "failed", "skipped"]
    assert other_community.id not in states


def test_running_the_close_again_adds_no_record_and_no_row(
        client, community, overseers, org):
    scored = _company_of_three(org, community)
    login(client, "director")
    _close(client)
    first = db.session.get(PeriodRecord, db.session.scalar(
        select(PeriodRecord.id).where(PeriodRecord.period_id == scored.id)))
    again = _close(client)
    assert again.state == "done" and _records(scored) == 1
    assert db.session.scalar(select(func.count()).select_from(OverviewRow)
                             .where(OverviewRow.community_id == community.id)) == 1
    item = db.session.scalar(select(JobItem).where(JobItem.job_id == again.id,
                                                   JobItem.community_id == community.id))
    assert item.state == "done" and item.message == closing.RECORDED
    assert db.session.get(PeriodRecord, first.id).numbers_hash == first.numbers_hash


def test_duplicate_message_and_killed_worker_run_the_part_once(app, community, users):
    scored = _quarter(community)
    db.session.commit()
    job = closing.start_close(None, "2026-Q4")
    job.state = "running"  # as if the fan-out had run; no task was queued
    db.session.info.pop("jobs_after_commit", None)
    db.session.commit()
    item = db.session.scalar(select(JobItem).where(JobItem.job_id == job.id))
    # a worker took the part and was killed before committing anything more
    item.state, item.started_at = "running", utcnow() - timedelta(hours=1)
    db.session.commit()
    closing.close_part(item.id)  # a duplicate message: the part is running, nothing happens
    assert _records(scored) == 0 and db.session.get(JobItem, item.id).attempts == 0
    close_tasks.requeue_lost_close_parts()  # the periodic task queues it again; it runs
    db.session.expire_all()  # the task ran in a session of its own
    item = db.session.get(JobItem, item.id)
    assert item.state == "done" and item.attempts == 1 and _records(scored) == 1
    assert db.session.get(Job, job.id).state == "done"
    closing.close_part(item.id)  # a late duplicate of the message
    db.session.expire_all()
    assert _records(scored) == 1 and db.session.get(JobItem, item.id).attempts == 1


def test_unknown_quarter_is_refused_beside_the_field(client, community, overseers, org):
    _quarter(community)
    db.session.commit()
    login(client, "director")
    response = client.post("/overview/close", data={"label": "2019-Q1"})
    assert response.status_code == 400
    assert "2019-Q1" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_officer_may_not_close_and_another_director_never_sees_the_job(
        client, community, overseers, org):
    _quarter(community)
    db.session.commit()
    login(client, "officer")
    assert "/overview/close" not in client.get("/overview/").get_data(as_text=True)
    assert client.post("/overview/close", data={"label": "2026-Q4"}).status_code == 403
    client.post("/logout")
    login(client, "director")
    job = _close(client)
    client.post("/logout")
    login(client, "director_elsewhere")
    assert client.get(f"/jobs/{job.id}").status_code == 404


def test_command_line_closes_every_community(app, community, other_community, users):
    scored, other = _quarter(community), _quarter(other_community)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["overview", "close", "2026-Q4"])
    assert result.exit_code == 0, result.output
    assert "2 communities queued" in result.output
    assert _records(scored) == 1 and _records(other) == 1
