"""Issue 17: the notice-board PDF is not rendered inside the confirming request. The request
records the act; a worker renders the PDF from the publication's own result of record,
keeps it once and records it in the ledger, even when the job runs twice or the period
was reopened before the worker got to it. Real owner answers, real WeasyPrint."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import weasyprint
from flask import has_request_context
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.jobs.models import Job
from survey_app.jobs.services import requeue_stale
from survey_app.ledger import documents
from survey_app.ledger.models import LedgerEntry, PublishedPdf
from survey_app.publishing import pdfs
from survey_app.publishing.models import Publication
from survey_app.publishing.tasks import render_notice_pdf
from survey_app.results import hashing
from survey_app.results import services as results
from survey_app.results.models import PeriodRecord
from tests.fixtures.acts import two_party
from tests.fixtures.jobs import queue_on
from tests.fixtures.owners import add_responses, respondent

PENDING = "PDF 正在生成…"


@pytest.fixture
def queued(app, tmp_path):
    """Jobs wait on a real (SQLite) queue instead of running inside the request's commit;
    the test runs them itself, outside any request, as a worker would."""
    with queue_on(app, f"sqlite:///{tmp_path / 'queue.db'}"):
        yield


@pytest.fixture
def weasyprint_calls(monkeypatch):
    """Every WeasyPrint render, with whether it happened inside a request (then it fails)."""
    calls: list[bool] = []
    real = weasyprint.HTML

    def guarded(*args, **kwargs):
        calls.append(has_request_context())
        if has_request_context():
            raise AssertionError("WeasyPrint was called inside a request")
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", guarded)
    return calls


def _pdf_jobs() -> list[Job]:
    db.session.expire_all()
    return list(db.session.scalars(select(Job).where(Job.kind == pdfs.KIND).order_by(Job.id)))


def _run(job_id: int) -> Job:
    """What a worker does with the job's message (outside any request)."""
    assert not has_request_context()
    render_notice_pdf.call_local(job_id)
    db.session.expire_all()
    return db.session.get(Job, job_id)


def _entries(act: str) -> list[dict]:
    return [json.loads(e.content) for e in db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.act == act).order_by(LedgerEntry.seq))]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.usefixtures("queued")
def test_confirming_records_the_act_and_leaves_the_pdf_to_the_worker(
        app, client, as_role, quarters, weasyprint_calls):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish", proposer="committee", confirmer="staff", note="欢迎监督")
    assert weasyprint_calls == []  # nothing rendered in the confirming request
    publication = db.session.scalar(select(Publication))
    assert publication.summary["numbers_hash"] and _count(PublishedPdf) == 0
    published = _entries("results.published")
    assert len(published) == 1 and "pdf_sha256" not in published[0]
    assert published[0]["numbers_hash"] == publication.summary["numbers_hash"]
    [job] = _pdf_jobs()
    assert (job.state, job.subject_id) == ("queued", publication.id)

    # until the worker ran: owners and staff read "being generated", nobody gets a 500
    client.post("/logout")
    owners = client.get(f"/notice/{q3.community_id}")
    assert owners.status_code == 200 and PENDING in owners.get_data(as_text=True)
    pdf_url = f"/notice/{q3.community_id}/publications/{publication.id}.pdf"
    assert f'href="{pdf_url}"' not in owners.get_data(as_text=True)  # no link to a 404
    staff = as_role("staff").get(f"/notice/{q3.community_id}").get_data(as_text=True)
    assert PENDING in staff and f"/jobs/{job.id}" in staff
    history = client.get(f"/notice/{q3.community_id}/periods/{q3.id}/history")
    assert history.status_code == 200
    assert client.get(pdf_url).status_code == 404

    job = _run(job.id)
    assert (job.state, job.progress) == ("done", pdfs.STORED), job.error
    assert weasyprint_calls == [False]  # rendered once, by the worker
    stored = documents.pdf_of(publication.id)
    [entry] = _entries("results.pdf_stored")
    assert entry["pdf_sha256"] == stored.sha256 and entry["pdf_bytes"] == stored.size
    assert entry["numbers_hash"] == publication.summary["numbers_hash"]
    with client.get(pdf_url) as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    page = client.get(f"/notice/{q3.community_id}").get_data(as_text=True)
    assert stored.sha256 in page and PENDING not in page
    assert app.test_cli_runner().invoke(args=["ledger", "verify", "--files"]).exit_code == 0


@pytest.mark.usefixtures("queued")
def test_the_job_stores_one_pdf_and_one_entry_however_often_it_runs(app, as_role, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish")
    [job] = _pdf_jobs()
    assert _run(job.id).progress == pdfs.STORED
    assert _run(job.id).attempts == 1  # a duplicate message finds the job done

    # the worker was killed after its commit, before it finished the job: queued again
    job.state, job.started_at = "running", job.started_at - timedelta(hours=1)
    db.session.commit()
    assert [j.id for j in requeue_stale(timedelta(minutes=15))] == [job.id]
    db.session.commit()
    job = _run(job.id)
    assert (job.state, job.progress, job.attempts) == ("done", pdfs.ALREADY, 2)

    # two runs rendering at once: the second to keep its (other) bytes keeps nothing
    publication = db.session.scalar(select(Publication))
    stored = documents.pdf_of(publication.id)
    other = b"%PDF-1.7\n% another rendering of the same numbers\n"
    assert not pdfs.keep(publication, other, publication.summary["numbers_hash"])
    db.session.commit()
    _digest, relative = documents.file_for(publication.community_id, other)
    assert not (documents.published_dir() / relative).exists()
    assert _count(PublishedPdf) == 1 and documents.pdf_of(publication.id).id == stored.id
    assert len(_entries("results.pdf_stored")) == 1


@pytest.mark.usefixtures("queued")
def test_a_reopen_before_the_worker_renders_nothing_under_the_old_publication(
        app, client, as_role, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish")
    first = db.session.scalar(select(Publication))
    record = db.session.get(PeriodRecord, first.record_id)
    two_party(as_role, q3, "reopen", proposer="committee", confirmer="staff",
              reason="3号楼问卷漏录")
    add_responses(q3, [respondent(dict.fromkeys(
        ("cleaning", "greening", "security", "facilities", "service"), 5), "2号楼", 5)] * 3)
    db.session.commit()

    # the publication's own revision still gives its numbers; the period's now differ
    live = hashing.numbers_hash(results.period_result(q3))
    own = hashing.numbers_hash(documents.report_input(q3, record).result)
    assert own == first.summary["numbers_hash"] != live

    [job] = _pdf_jobs()
    job = _run(job.id)
    assert (job.state, job.progress) == ("done", pdfs.WITHDRAWN)
    assert _count(PublishedPdf) == 0 and _entries("results.pdf_stored") == []
    staff = as_role("staff")
    assert "撤下" in staff.get(f"/jobs/{job.id}").get_data(as_text=True)

    # revision 2 is published and rendered with its own numbers
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish", proposer="committee", confirmer="staff")
    second = db.session.scalar(select(Publication).where(Publication.id != first.id))
    assert second.summary["numbers_hash"] != first.summary["numbers_hash"]
    job = _run(_pdf_jobs()[-1].id)
    assert job.progress == pdfs.STORED, job.error
    [entry] = _entries("results.pdf_stored")
    assert (entry["publication_id"], entry["numbers_hash"]) == (
        second.id, second.summary["numbers_hash"])
    assert app.test_cli_runner().invoke(args=["ledger", "verify", "--files"]).exit_code == 0


def test_staff_see_a_failed_render_and_queue_it_again(app, client, as_role, quarters,
                                                      monkeypatch):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")

    def broken(doc):
        raise RuntimeError("字体文件缺失")

    monkeypatch.setattr(documents, "write_report", broken)
    two_party(as_role, q3, "publish")  # the test queue runs the job at once: it fails
    publication = db.session.scalar(select(Publication))
    [job] = _pdf_jobs()
    assert job.state == "failed" and "字体文件缺失" in job.error
    assert db.session.get(Publication, publication.id).withdrawn_at is None  # the act stands

    client.post("/logout")
    owners = client.get(f"/notice/{q3.community_id}").get_data(as_text=True)
    assert PENDING in owners and "字体文件缺失" not in owners and "/pdf/retry" not in owners
    retry = f"/notice/{q3.community_id}/publications/{publication.id}/pdf/retry"
    staff = as_role("staff")
    page = staff.get(f"/notice/{q3.community_id}").get_data(as_text=True)
    assert "字体文件缺失" in page and f'action="{retry}"' in page and PENDING not in page
    assert as_role("assessor").post(retry).status_code == 403

    monkeypatch.undo()
    committee = as_role("committee")
    response = committee.post(retry)
    assert response.status_code == 302 and response.location.endswith(
        f"/notice/{q3.community_id}")
    [job] = _pdf_jobs()
    assert (job.state, job.progress, job.attempts) == ("done", pdfs.STORED, 2), job.error
    page = committee.get(f"/notice/{q3.community_id}").get_data(as_text=True)
    assert documents.pdf_of(publication.id).sha256 in page
    again = committee.post(retry, follow_redirects=True).get_data(as_text=True)
    assert "已保存" in again and len(_entries("results.pdf_stored")) == 1
    missing = f"/notice/{q3.community_id}/publications/{publication.id + 99}/pdf/retry"
    assert committee.post(missing).status_code == 404
