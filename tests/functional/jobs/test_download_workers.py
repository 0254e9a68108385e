"""Downloads made by a real worker process on the embedded SQLite queue: no request around
the rendering (no request context, no signed-in user), the language of the request kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback import services as tickets
from survey_app.jobs.models import Job
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.factories import login
from tests.fixtures.inspections import checklist_version, inspection  # noqa: F401
from tests.fixtures.jobs import queue_on, running_worker, wait_for_job
from tests.fixtures.oversight import org, overseers  # noqa: F401
from tests.fixtures.surveys import OWNER_YAML, make_survey

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("real_commits")]


def _ask(client, url: str) -> int:
    asked = client.get(url)
    assert asked.status_code == 303, asked.get_data(as_text=True)[:300]
    return int(asked.location.rsplit("/", 1)[1])


def test_every_download_kind_is_made_by_a_worker_process(
        app, client, as_role, period, community, inspection, overseers, tmp_path):  # noqa: F811
    version, _created = publish(load_definition(OWNER_YAML))
    db.session.commit()
    survey = make_survey(period, version, "codes")
    ticket = tickets.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                     description="楼道灯坏了", category="电梯")
    db.session.commit()
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    survey_url = f"/surveys/{community.id}/{period.id}"
    with queue_on(app, url), running_worker(app, url) as worker:
        committee = as_role("committee")
        asked = [_ask(committee, f"{survey_url}/slips.pdf"),
                 _ask(committee, f"{survey_url}/poster.pdf?lang=en"),
                 _ask(committee, f"/inspections/c/{community.id}/{inspection.id}/record.pdf"),
                 _ask(committee, f"/feedback/{community.id}/records.xlsx"),
                 _ask(committee, f"/feedback/{community.id}/records/{ticket.id}/record.pdf"),
                 _ask(committee, f"/feedback/{community.id}/records/register/2026/11.pdf")]
        client.post("/logout")
        login(client, "director")
        asked.append(_ask(client, "/overview/export.csv"))
        jobs = [wait_for_job(job_id, worker=worker, timeout=300) for job_id in asked]
    assert [(j.kind, j.state, j.error) for j in jobs] == [
        (kind, "done", None) for kind in (
            "survey_slips", "survey_poster", "inspection_record", "records_export",
            "ticket_record", "records_register", "overview_export")]
    with client.get(f"/jobs/{jobs[-1].id}/file") as csv:
        assert csv.status_code == 200 and csv.mimetype == "text/csv"
    committee = as_role("committee")
    for job in jobs[:-1]:
        with committee.get(f"/jobs/{job.id}/file") as file:
            assert file.status_code == 200 and file.data[:4] in (b"%PDF", b"PK\x03\x04")
    assert db.session.scalars(select(Job.params).where(
        Job.kind == "survey_poster")).one()["language"] == "en"
    assert survey.id == jobs[0].subject_id
