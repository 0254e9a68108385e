"""The whole ticket process through the test client: owner report → handling → rating →
reopen → handling again → satisfied close, with the append-only history."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback.models import Ticket, TicketEvent
from tests.fixtures.images import png_bytes


def _submit(client, community, **data):
    form = {"ticket_type": "repair", "category": "电梯", "building_id": "0",
            "location": "3号楼2单元电梯", "description": "电梯按钮失灵，按了没有反应"}
    form.update(data)
    return client.post(f"/feedback/{community.code}/new", data=form,
                       content_type="multipart/form-data")


def _code(response) -> str:
    return re.search(r"/feedback/track/([0-9A-Z]+)", response.headers["Location"]).group(1)


def test_public_form_is_reachable_without_login(client, community):
    page = client.get(f"/feedback/{community.code}/new")
    assert page.status_code == 200
    assert community.name in page.get_data(as_text=True)


def test_full_process_with_reopening(client, community, users, as_role):
    response = _submit(client, community, contact_name="张先生", contact_phone="13812345678",
                       contact_consent="y",
                       photo=(io.BytesIO(png_bytes()), "lift.png"))
    assert response.status_code == 302
    code = _code(response)
    ticket = db.session.scalar(select(Ticket).filter_by(tracking_code=code))
    assert ticket.status == "registered" and ticket.channel == "owner_web"
    assert ticket.acknowledged_at is None
    assert ticket.ack_due is not None and ticket.onsite_due is not None

    page = client.get(f"/feedback/track/{code}?new=1").get_data(as_text=True)
    assert code in page and "电梯按钮失灵" in page

    staff = as_role("staff")
    base = f"/feedback/{community.id}/tickets/{ticket.id}"
    assert "13812345678" in staff.get(base).get_data(as_text=True)
    assert staff.post(f"{base}/classify", data={
        "ticket_type": "repair", "dimension": "facilities", "category": "电梯",
        "severity": "urgent", "note": "内部：电梯维保单位"}).status_code == 302
    assert staff.post(f"{base}/dispatch", data={
        "department": "工程部", "worker": "李师傅"}).status_code == 302
    assert staff.post(f"{base}/onsite", data={"note": ""}).status_code == 302
    assert staff.post(f"{base}/note", data={
        "note": "已更换按钮面板", "public": "y",
        "photo": (io.BytesIO(png_bytes(color=(0, 90, 0))), "fixed.png")},
        content_type="multipart/form-data").status_code == 302
    assert staff.post(f"{base}/complete", data={"note": "已修好"}).status_code == 302
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status == "completed" and ticket.severity == "urgent"
    assert ticket.acknowledged_at <= ticket.dispatched_at <= ticket.onsite_at <= ticket.completed_at

    staff.post("/logout")
    owner = client
    page = owner.get(f"/feedback/track/{code}").get_data(as_text=True)
    assert "工程部" in page and "已更换按钮面板" in page
    assert "李师傅" not in page and "13812345678" not in page and "张先生" not in page
    assert "内部：电梯维保单位" not in page       # classification notes stay internal
    assert owner.post(f"/feedback/track/{code}/rate", data={
        "rating": "2", "note": "第二天又坏了", "reopen": "y"}).status_code == 302
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status == "reopened" and ticket.reopened_count == 1
    assert ticket.completed_at is None and ticket.callback_rating == 2

    staff = as_role("staff")
    assert staff.post(f"{base}/dispatch", data={"department": "工程部"}).status_code == 302
    assert staff.post(f"{base}/complete", data={"note": "更换主板"}).status_code == 302
    staff.post("/logout")
    assert owner.post(f"/feedback/track/{code}/rate", data={"rating": "5"}).status_code == 302
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status == "closed" and ticket.callback_rating == 5
    assert ticket.callback_channel == "owner_link"
    kinds = [e.kind for e in db.session.scalars(
        select(TicketEvent).filter_by(ticket_id=ticket.id).order_by(TicketEvent.id))]
    assert kinds == ["registered", "classified", "dispatched", "onsite", "note", "completed",
                     "callback", "reopened", "dispatched", "completed", "callback", "closed"]
    # a closed, rated ticket takes no second rating
    assert owner.post(f"/feedback/track/{code}/rate", data={"rating": "1"}).status_code == 400


def test_staff_logged_ticket_is_acknowledged_at_registration(community, users, as_role):
    staff = as_role("staff")
    response = staff.post(f"/feedback/{community.id}/tickets/new", data={
        "channel": "hotline", "ticket_type": "complaint", "severity": "normal",
        "category": "噪音", "building_id": "0", "location": "5号楼楼下",
        "description": "晚上有人在楼下打篮球到11点", "contact_phone": "13900001111"})
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert ticket.acknowledged_at == ticket.received_at
    assert ticket.status == "registered" and ticket.dimension == "security"
    assert (ticket.complete_due - ticket.received_at).total_seconds() == 3 * 24 * 3600
    assert ticket.onsite_due is None


def test_staff_phone_callback_closes_and_can_reopen(community, users, as_role, make_ticket):
    from datetime import datetime

    ticket = make_ticket(datetime(2026, 11, 2, 2, 0), staff=users["staff"])
    staff = as_role("staff")
    base = f"/feedback/{community.id}/tickets/{ticket.id}"
    staff.post(f"{base}/classify", data={"ticket_type": "repair", "dimension": "facilities",
                                         "category": "照明", "severity": "normal"})
    staff.post(f"{base}/complete", data={})
    assert staff.post(f"{base}/callback", data={"rating": "4", "channel": "phone",
                                                "note": "业主表示满意"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "closed"
    assert staff.post(f"{base}/reopen", data={"note": ""}).status_code == 400
    assert staff.post(f"{base}/reopen", data={"note": "业主来电：灯又灭了"}).status_code == 302
    db.session.expire_all()
    reopened = db.session.get(Ticket, ticket.id)
    assert reopened.status == "reopened" and reopened.reopened_count == 1


def test_step_out_of_order_is_refused_with_a_message(community, users, as_role, make_ticket):
    from datetime import datetime

    ticket = make_ticket(datetime(2026, 11, 2, 2, 0))
    staff = as_role("staff")
    response = staff.post(f"/feedback/{community.id}/tickets/{ticket.id}/dispatch",
                          data={"department": "工程部"})
    assert response.status_code == 400
    assert "登记" in response.get_data(as_text=True) or "Registered" in response.get_data(
        as_text=True)
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).dispatched_at is None
