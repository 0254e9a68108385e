"""Heavy downloads leave the request: slips, posters, inspection records, the monthly
register and the large exports are made by a worker and offered on the progress page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.jobs.files import purge_old_files, request_file
from survey_app.jobs.models import Job
from survey_app.models_base import utcnow
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.factories import PASSWORD, login
from tests.fixtures.inspections import checklist_version, inspection  # noqa: F401
from tests.fixtures.jobs import download
from tests.fixtures.oversight import org, overseers  # noqa: F401
from tests.fixtures.surveys import OWNER_YAML, make_survey


@pytest.fixture
def survey(period):
    version, _created = publish(load_definition(OWNER_YAML))
    db.session.commit()
    return make_survey(period, version, "codes")


def _jobs() -> int:
    return db.session.scalar(select(func.count()).select_from(Job))


def _last_job() -> Job:
    return db.session.scalars(select(Job).order_by(Job.id.desc())).first()


def _survey_url(period) -> str:
    return f"/surveys/{period.community_id}/{period.id}"


def test_slips_are_made_by_a_worker_and_offered_on_the_progress_page(as_role, survey, period):
    committee = as_role("committee")
    asked = committee.get(_survey_url(period) + "/slips.pdf")
    assert asked.status_code == 303 and "/jobs/" in asked.location
    job = _last_job()
    assert job.kind == "survey_slips" and job.state == "done" and job.attempts == 1
    page = committee.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "访问码纸条" in page and f"/jobs/{job.id}/file" in page
    assert _survey_url(period) in page  # the back link
    with committee.get(f"/jobs/{job.id}/file") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert "slips-" in pdf.headers["Content-Disposition"]
    # the file is kept under REPORTS_DIR by the job's id, not by its Chinese name
    assert job.result_path == f"jobs/{job.id}.pdf"


def test_only_the_person_who_asked_sees_a_download(client, as_role, survey, period, community):
    download(as_role("committee"), _survey_url(period) + "/slips.pdf")
    job = _last_job()
    create_user("committee2", PASSWORD, "committee", [community.id])
    db.session.commit()
    client.post("/logout")
    login(client, "committee2")
    # same party, same community, but the codes were printed for someone else
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/file").status_code == 404


def test_the_other_party_is_still_refused_slips_and_no_job_is_made(as_role, survey, period):
    before = _jobs()
    assert as_role("staff").get(_survey_url(period) + "/slips.pdf").status_code == 403
    assert _jobs() == before


def test_a_request_still_waiting_is_not_queued_twice(app, users, survey, community):
    with app.test_request_context():
        first = Job(kind="survey_poster", requested_by_id=users["staff"].id,
                    community_id=community.id, subject_id=survey.id,
                    params={"period_id": 1, "owner_url": "x", "language": "zh_CN"})
        db.session.add(first)
        db.session.flush()
        again = request_file("survey_poster", users["staff"], community.id,
                             {"period_id": 1, "owner_url": "x"}, "zh_CN", subject_id=survey.id)
        other = request_file("survey_poster", users["staff"], community.id,
                             {"period_id": 1, "owner_url": "x"}, "en", subject_id=survey.id)
    assert again.id == first.id and other.id != first.id
    db.session.rollback()


def test_poster_in_the_language_of_the_request(as_role, survey, period):
    staff = as_role("staff")
    pdf = download(staff, _survey_url(period) + "/poster.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert _last_job().params["language"] == "en"


def test_inspection_record_pdf_through_the_queue(as_role, inspection):  # noqa: F811
    staff = as_role("staff")
    url = f"/inspections/c/{inspection.community_id}/{inspection.id}/record.pdf"
    pdf = download(staff, url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    job = _last_job()
    assert job.kind == "inspection_record" and job.subject_id == inspection.id
    page = staff.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f"/inspections/c/{inspection.community_id}/{inspection.id}" in page


def test_records_export_and_register_through_the_queue(as_role, community):
    staff = as_role("staff")
    csv = download(staff, f"/feedback/{community.id}/records.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    xlsx = download(staff, f"/feedback/{community.id}/records.xlsx",
                    query_string={"date_from": "2026-11-01", "date_to": "2026-11-30"})
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert _last_job().params["date_from"] == "2026-11-01"
    register = download(staff, f"/feedback/{community.id}/records/register/2026/11.pdf")
    assert register.status_code == 200 and register.data.startswith(b"%PDF")


def test_a_wrong_search_field_answers_400_and_queues_nothing(as_role, community):
    before = _jobs()
    response = as_role("staff").get(f"/feedback/{community.id}/records.csv",
                                    query_string={"date_from": "2026-12-01",
                                                  "date_to": "2026-11-01"})
    assert response.status_code == 400 and _jobs() == before


def test_overview_export_as_the_person_who_asked(client, community, overseers):  # noqa: F811
    login(client, "director")
    csv = download(client, "/overview/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    job = _last_job()
    assert job.kind == "overview_export" and job.community_id is None
    client.post("/logout")
    login(client, "officer")
    assert client.get(f"/jobs/{job.id}/file").status_code == 404


def test_old_downloads_are_deleted_with_their_files(app, as_role, survey, period):
    download(as_role("staff"), _survey_url(period) + "/poster.pdf")
    job = _last_job()
    path = Path(app.config["REPORTS_DIR"]) / job.result_path
    assert path.is_file()
    assert purge_old_files(now=utcnow() + timedelta(days=1)) == 0
    assert purge_old_files(now=utcnow() + timedelta(days=8)) == 1
    db.session.commit()
    assert not path.exists() and db.session.get(Job, job.id) is None


def test_one_tickets_printable_record_through_the_queue(as_role, community):
    from survey_app.feedback import services as tickets

    ticket = tickets.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                     description="楼道灯坏了", category="电梯")
    db.session.commit()
    committee = as_role("committee")
    pdf = download(committee, f"/feedback/{community.id}/records/{ticket.id}/record.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert ticket.tracking_code in pdf.headers["Content-Disposition"]
    page = committee.get(f"/jobs/{_last_job().id}").get_data(as_text=True)
    assert f"/feedback/{community.id}/records/{ticket.id}" in page  # back to the record
