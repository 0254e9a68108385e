"""Issue 16 items 9, 12 and 19 for tickets: the owner's repair form on a phone, codes that can
be read out, the queue as cards that opens on open tickets, one word for reopening."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback.models import Ticket
from survey_app.feedback.services import CODE_ALPHABET


def _report_page(client, community) -> str:
    return client.get(f"/feedback/{community.code}/new").get_data(as_text=True)


def test_repair_form_shows_room_and_contact_fields_with_a_phone_keypad(client, community):
    page = _report_page(client, community)
    assert 'name="room"' in page and "房号" in page
    # the contact fields are on the page, not folded into a <details>, with the reason given
    contact = page[page.index('class="contact"'):]
    assert "<details" not in page[:page.index('name="contact_phone"')].split("<form")[-1]
    assert "留下电话更方便" in contact
    phone = re.search(r'<input[^>]*name="contact_phone"[^>]*>', page).group(0)
    assert 'type="tel"' in phone and 'autocomplete="tel"' in phone


def test_repair_form_promises_no_updates_the_app_does_not_send(client, community):
    page = _report_page(client, community)
    assert "告知您每一步" not in page and "30分钟" not in page
    # the time it quotes is the community's configured limit (test_commitments.py), here the
    # default of 30 minutes, never a fixed text
    assert "报修：30 分钟内受理" in page
    assert "本系统不发送短信" in page


def test_room_is_stored_shown_to_staff_but_not_on_the_public_tracking_page(
        client, community, users, as_role):
    response = client.post(f"/feedback/{community.code}/new", data={
        "ticket_type": "repair", "building_id": "0", "room": "2单元 501室",
        "location": "卫生间", "description": "卫生间下水道堵了", "contact_phone": "13812345678",
        "contact_consent": "y"})
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert ticket.room == "2单元 501室" and len(ticket.tracking_code) == 10
    track = client.get(f"/feedback/track/{ticket.tracking_code}").get_data(as_text=True)
    assert "卫生间" in track and "501" not in track
    staff_page = as_role("staff").get(f"/feedback/{community.id}/tickets/{ticket.id}")
    assert "2单元 501室" in staff_page.get_data(as_text=True)


def test_hotline_ticket_gets_a_short_code_read_out_in_groups(community, users, as_role, client):
    staff = as_role("staff")
    response = staff.post(f"/feedback/{community.id}/tickets/new", data={
        "channel": "hotline", "ticket_type": "repair", "severity": "normal",
        "building_id": "0", "room": "1单元 302", "description": "厨房水龙头漏水"},
        follow_redirects=True)
    assert response.status_code == 200
    ticket = db.session.scalar(select(Ticket))
    code = ticket.tracking_code
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    spoken = f"{code[:3]} {code[3:]}"
    assert spoken in response.get_data(as_text=True)
    # typed back as read out (spaces, lower case) it still finds the ticket
    assert client.get(f"/feedback/track/{spoken.lower().replace(' ', '%20')}").status_code == 200


def test_queue_opens_on_open_tickets_and_stacks_on_phones(community, users, as_role, make_ticket):
    open_one = make_ticket(datetime(2026, 11, 20, 9, 0), description="电梯按钮失灵")
    done = make_ticket(datetime(2026, 11, 19, 9, 0), description="草坪积水严重")
    done.status = "closed"
    db.session.commit()
    staff = as_role("staff")
    page = staff.get(f"/feedback/{community.id}/tickets").get_data(as_text=True)
    assert "电梯按钮失灵" in page and "草坪积水严重" not in page
    assert '<option value="open" selected' in page
    every = staff.get(f"/feedback/{community.id}/tickets?flag=").get_data(as_text=True)
    assert "电梯按钮失灵" in every and "草坪积水严重" in every
    assert 'class="table queue stack"' in page and 'data-label="状态"' in page
    assert open_one.id


def test_tickets_say_reopen_with_one_word(community, users, as_role, make_ticket):
    ticket = make_ticket(datetime(2026, 11, 2, 2, 0), staff=users["staff"])
    ticket.status = "completed"
    db.session.commit()
    page = as_role("staff").get(f"/feedback/{community.id}/tickets/{ticket.id}").get_data(
        as_text=True)
    assert "重新打开工单" in page and "重新开放" not in page
