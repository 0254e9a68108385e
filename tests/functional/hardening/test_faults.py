"""Class 6: faults outside the user's control get a calm answer and save nothing half-way.

- SQLite locked for longer than the busy timeout (15 s in production, 0.2 s here): the owner
  got a 500; now a 503 page "请稍后再试" that keeps every answer in a form sent again with
  one button, and nothing is stored;
- the upload folder unwritable: the owner's ticket text was lost; now the form comes back
  with the text and a message on the photo field;
- the reports folder unwritable: a 503 page, and no report row.
The folders are made unwritable by pointing them into /sys, which even root cannot write.
"""

from __future__ import annotations

import html
import io
import os
import sqlite3

import pytest
from sqlalchemy import event, select

from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.reports.models import Report
from survey_app.surveys import services
from survey_app.surveys.models import Response
from tests.fixtures.database import table_counts
from tests.fixtures.images import png_bytes
from tests.fixtures.reports import results, scored  # noqa: F401  (fixtures)
from tests.fixtures.surveys import all_answers, codes_of

UNWRITABLE = "/sys/survey-app-unwritable/sub"


def _unwritable_folder_available() -> bool:
    try:
        os.makedirs(UNWRITABLE)
    except OSError:
        return True
    return False


needs_unwritable = pytest.mark.skipif(not _unwritable_folder_available(),
                                      reason="no folder that refuses writes")


@pytest.fixture
def short_busy_timeout(app, is_postgres):
    """SQLite connections that give up on a lock after 0.2 s instead of 15 s."""
    if is_postgres:
        pytest.skip("SQLite's lock")

    def short(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    db.session.commit()
    db.engine.dispose()
    event.listen(db.engine, "connect", short)
    yield db.engine.url.database
    db.session.commit()
    event.remove(db.engine, "connect", short)
    db.engine.dispose()


@pytest.mark.usefixtures("real_commits")  # the blocker is another connection
def test_sqlite_locked_keeps_the_owners_answers(client, survey, short_busy_timeout):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    data = all_answers(definition, comment="楼道灯坏了三天")
    before = table_counts()
    db.session.commit()
    blocker = sqlite3.connect(short_busy_timeout, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(f"/c/{code}/all", data=data)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    page = html.unescape(response.get_data(as_text=True))
    assert "请稍后再试" in page and "楼道灯坏了三天" in page
    assert f'action="/c/{code}/all"' in page
    assert 'name="q_comment"' in page
    db.session.expire_all()
    assert table_counts() == before
    again = client.post(f"/c/{code}/all", data=data)  # the retry button sends the same form
    assert again.status_code == 302
    assert db.session.scalar(select(Response.status)) is not None


@needs_unwritable
def test_upload_folder_unwritable_keeps_the_ticket_text(app, client, community, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", UNWRITABLE)
    response = client.post(f"/feedback/{community.code}/new", data={
        "ticket_type": "repair", "building_id": "0", "description": "三号楼电梯按钮失灵了",
        "photo": (io.BytesIO(png_bytes()), "button.png")}, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "三号楼电梯按钮失灵了" in page and "照片暂时无法保存" in page
    assert db.session.scalar(select(Ticket.id)) is None


@needs_unwritable
def test_reports_folder_unwritable(app, as_role, scored, monkeypatch):  # noqa: F811
    """The request only queues the report; the worker's failure shows on the job's page."""
    from survey_app.jobs.models import Job

    monkeypatch.setitem(app.config, "REPORTS_DIR", UNWRITABLE)
    staff = as_role("staff")
    response = staff.post(f"/reports/{scored.community_id}/{scored.id}",
                          data={"language": "zh_CN"})
    assert response.status_code == 302 and "/jobs/" in response.location
    job = db.session.scalars(select(Job)).one()
    assert job.state == "failed" and job.error
    assert "失败" in staff.get(response.location).get_data(as_text=True)
    assert db.session.scalars(select(Report.pdf_path)).one() == ""  # listed as 未生成


def test_a_missing_file_is_still_a_bug_not_a_fault(app):
    from survey_app.guards.faults import is_storage_fault

    assert is_storage_fault(PermissionError(13, "denied"))
    assert not is_storage_fault(FileNotFoundError(2, "missing"))
