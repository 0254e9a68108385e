"""What committee and staff read on the inspection pages (found by the QA walk-through)."""

from __future__ import annotations

from datetime import timedelta

from survey_app.extensions import db
from survey_app.inspections import rectifications
from survey_app.inspections.models import Rectification
from survey_app.inspections.services import local_today


def test_locations_are_labelled_in_words_not_with_an_emoji(as_role, inspection):
    """📍 shows as a missing-glyph box where no emoji font is installed; say 位置 instead."""
    client = as_role("committee")
    base = f"/inspections/c/{inspection.community_id}/{inspection.id}"
    response = client.post(f"{base}/items/cl4", data={"cl4-mode": "deductions", "cl4-count": "2",
                                                      "cl4-location": "5号楼垃圾房"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert client.post(f"{base}/items/cl4/rectify", data={
        "department": "环境部", "description": "垃圾房满溢", "severity": "major"}).status_code == 302
    assert db.session.query(Rectification).count() == 1
    for url in (base, f"/inspections/c/{inspection.community_id}/rectifications"):
        page = client.get(url).get_data(as_text=True)
        assert "位置：5号楼垃圾房" in page and "📍" not in page


def test_a_task_submitted_for_re_inspection_is_not_overdue(as_role, inspection):
    """超时 is the company's lateness: once it has submitted the fix, the task waits for 复查."""

    client = as_role("committee")
    cid = inspection.community_id
    base = f"/inspections/c/{cid}/{inspection.id}"
    client.post(f"{base}/items/cl4", data={"cl4-mode": "deductions", "cl4-count": "2"},
                content_type="multipart/form-data")
    client.post(f"{base}/items/cl4/rectify",
                data={"department": "环境部", "description": "垃圾房满溢", "severity": "major"})
    rect = db.session.query(Rectification).one()
    today = local_today()
    rect.due_date = today - timedelta(days=1)  # the deadline has passed, whatever the clock says
    db.session.commit()
    assert rect.is_overdue(today) and rectifications.summary(cid)["overdue"] == 1
    staff = as_role("staff")
    assert staff.post(f"/inspections/c/{cid}/rectifications/{rect.id}/submit",
                      data={"note": "已清运"}).status_code == 302
    db.session.expire_all()
    rect = db.session.get(Rectification, rect.id)
    assert rect.status == "submitted" and not rect.is_overdue(today)
    assert rectifications.summary(cid)["overdue"] == 0
    assert rectifications.listing(cid, overdue=True) == []


def test_community_and_schedule_pages_link_back_up(as_role, community, checklist_version):
    client = as_role("committee")
    archive = client.get(f"/inspections/c/{community.id}/").get_data(as_text=True)
    assert f'<a href="/communities/{community.id}">← {community.name}</a>' in archive
    schedule = client.get(f"/inspections/c/{community.id}/new").get_data(as_text=True)
    assert f'<a href="/inspections/c/{community.id}/">← {community.name}' in schedule


def test_titles_and_task_numbers_use_the_right_words(as_role, community, checklist_version):
    """The archive is titled 联合检查 (not 检查次数, a count); rectifications are numbered 编号
    (题号 is a question number)."""
    client = as_role("committee")
    archive = client.get(f"/inspections/c/{community.id}/").get_data(as_text=True)
    assert f"<title>联合检查 · {community.name}" in archive
    tasks = client.get(f"/inspections/c/{community.id}/rectifications").get_data(as_text=True)
    assert "<th>编号</th>" in tasks and "题号" not in tasks
