"""What an owner reads on the report and tracking pages (found by the QA walk-through)."""

from __future__ import annotations

from datetime import datetime


def test_missing_description_error_names_the_field_without_doubled_punctuation(client, community):
    response = client.post(f"/feedback/{community.code}/new",
                           data={"ticket_type": "repair", "building_id": "0", "description": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # the framework's "该字段是必填字段" is reworded to name the field (issue 16 item 15)
    assert "请填写“遇到了什么问题”。" in page and "？：" not in page and "?: " not in page
    assert "必填字段" not in page


def test_tracking_page_speaks_of_handling_progress(client, make_ticket):
    """The timeline is 处理进度; 回收进度 is the survey's response count."""
    ticket = make_ticket(datetime(2026, 11, 20, 9, 0))
    page = client.get(f"/feedback/track/{ticket.tracking_code}").get_data(as_text=True)
    assert "处理进度" in page and "回收进度" not in page


def test_time_limit_error_names_type_severity_and_step(community, users, as_role):
    staff = as_role("staff")
    response = staff.post(f"/feedback/{community.id}/sla", data={"repair__normal__ack": "-5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "报修 一般 受理时限（分钟）：" in page and "（分钟）: " not in page


def test_callback_without_a_rating_names_the_field(community, users, as_role, make_ticket):
    ticket = make_ticket(datetime(2026, 11, 2, 2, 0), staff=users["staff"])
    staff = as_role("staff")
    base = f"/feedback/{community.id}/tickets/{ticket.id}"
    staff.post(f"{base}/classify", data={"ticket_type": "repair", "dimension": "facilities",
                                         "category": "照明", "severity": "normal"})
    staff.post(f"{base}/complete", data={})
    response = staff.post(f"{base}/callback", data={"channel": "phone"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<p class="error">业主满意度：请选择评价。' in page and "满意率" not in page


def test_escalation_note_names_the_late_steps_in_words(community, users, as_role, make_ticket):
    from datetime import timedelta

    from survey_app.extensions import db
    from survey_app.feedback import services

    ticket = make_ticket(datetime(2026, 11, 2, 2, 0))
    assert services.escalate_overdue(now=ticket.ack_due + timedelta(minutes=1))
    db.session.commit()
    page = as_role("staff").get(f"/feedback/{community.id}/tickets/{ticket.id}")
    assert '<p class="note">超时环节：受理</p>' in page.get_data(as_text=True)
