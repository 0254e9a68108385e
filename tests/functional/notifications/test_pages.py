"""The bell, the inbox, marking read, the preferences page and the delivery log."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.notifications import services
from survey_app.notifications.models import Notification, NotificationPreference, QuietHours
from tests.fixtures.factories import login

NOON = datetime(2026, 11, 4, 4, 0)


def _notify(community, recipients, key):
    services.notify("ticket.completed", community=community, recipients=recipients,
                    params={"code": key.upper()}, link=f"/feedback/{community.id}/tickets",
                    dedupe_key=key, now=NOON)
    db.session.commit()


def _bell(page: str) -> str:
    match = re.search(r'<a class="bell"[^>]*>(.*?)</a>', page, re.S)
    assert match, "no bell in the header"
    return match.group(1)


def test_bell_counts_unread_and_says_so_in_words(client, community, readers):
    _notify(community, readers, "a1")
    _notify(community, readers[:1], "b2")
    login(client, "reader1")
    bell = _bell(client.get("/notifications/").get_data(as_text=True))
    assert "通知" in bell and '<span class="count" aria-hidden="true">2</span>' in bell
    assert "（2 条未读）" in bell
    login(client, "committee")
    bell = _bell(client.get("/notifications/").get_data(as_text=True))
    assert "count" not in bell


def test_inbox_lists_mark_read_and_mark_all(client, community, readers):
    _notify(community, readers, "a1")
    _notify(community, readers, "b2")
    login(client, "reader1")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "工单 B2 已办结" in page and "工单 A1 已办结，已请业主评价。" in page
    first = db.session.scalars(select(Notification).filter_by(
        user_id=readers[0].id, dedupe_key="a1")).one()
    response = client.post(f"/notifications/{first.id}/read", data={"open": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/feedback/{community.id}/tickets")
    db.session.refresh(first)
    assert first.read_at is not None
    assert client.post("/notifications/read-all").status_code == 302
    assert "count" not in _bell(client.get("/notifications/").get_data(as_text=True))
    other = db.session.scalars(select(Notification).filter_by(user_id=readers[1].id)).first()
    assert other.read_at is None  # only one's own are marked


def test_another_users_notification_is_not_found(client, community, readers):
    _notify(community, readers[1:], "a1")
    theirs = db.session.scalars(select(Notification)).one()
    login(client, "reader1")
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_preferences_save_channels_quiet_hours_and_email(client, readers, sms_enabled):
    # SMS can be chosen: configured, and the account has a verified number (test_staff_sms)
    readers[0].phone, readers[0].phone_verified_at = "13812345678", NOON
    db.session.commit()
    login(client, "reader1")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'value="22:00"' in page and 'value="08:00"' in page and "wang@example.org" in page
    response = client.post("/notifications/preferences", data={
        "email": "new@example.org", "quiet_start": "21:30", "quiet_end": "07:00",
        "tickets:email": "on", "surveys:sms": "on"})
    assert response.status_code == 302
    assert readers[0].email == "new@example.org"
    hours = db.session.get(QuietHours, readers[0].id)
    assert (hours.start_minute, hours.end_minute) == (21 * 60 + 30, 7 * 60)
    rows = {(p.event_group, p.channel): p.enabled for p in db.session.scalars(
        select(NotificationPreference).filter_by(user_id=readers[0].id))}
    assert rows[("tickets", "email")] and rows[("surveys", "sms")]
    assert not rows[("rectifications", "email")] and not rows[("tickets", "wechat")]


def test_a_bad_email_is_refused_naming_the_field_and_nothing_saved(client, readers):
    login(client, "reader1")
    response = client.post("/notifications/preferences", data={
        "email": "wang at example", "quiet_start": "21:00", "quiet_end": "07:00"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "电子邮箱" in page and "name@example.com" in page
    assert readers[0].email == "wang@example.org"
    assert db.session.get(QuietHours, readers[0].id) is None


def test_a_missing_quiet_hour_names_the_field(client, readers):
    login(client, "reader1")
    response = client.post("/notifications/preferences", data={
        "email": "", "quiet_start": "", "quiet_end": "25:99"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "免打扰开始" in page and "免打扰结束" in page


def test_delivery_log_is_for_staff_of_the_community_without_message_text(
        client, community, other_community, readers):
    _notify(community, readers, "a1")
    login(client, "staff")
    page = client.get(f"/notifications/deliveries/{community.id}").get_data(as_text=True)
    assert "王工" in page and "李工" in page and "排队中" in page
    assert "已办结" not in page  # no message text
    assert "发送记录" in client.get("/notifications/").get_data(as_text=True)
    other = client.get(f"/notifications/deliveries/{other_community.id}")
    assert "王工" not in other.get_data(as_text=True)
    login(client, "committee")
    assert client.get(f"/notifications/deliveries/{community.id}").status_code == 403
    assert "发送记录" not in client.get("/notifications/").get_data(as_text=True)
