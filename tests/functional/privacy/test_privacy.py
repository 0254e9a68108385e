"""Issue 19 item 4 (PIPL): consent recorded on the repair form, retention with a frozen
clock, survey phone tails only while a survey is open, one person's export and deletion."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from survey_app.audit import AuditLog
from survey_app.communities.models import Household
from survey_app.extensions import db
from survey_app.feedback import kpis, queries, services
from survey_app.feedback.models import Ticket
from survey_app.privacy import consent
from survey_app.privacy.services import months_before, purge_expired_contacts
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys.models import Survey
from tests.fixtures.factories import login
from tests.fixtures.surveys import OWNER_YAML, make_survey

PHONE = "13812345678"


def _ticket(community, received, phone=PHONE, name="张先生", closed=None, room="2单元 501"):
    ticket = services.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                      description="门口的灯不亮了", category="照明",
                                      contact_name=name, contact_phone=phone, room=room,
                                      received_at=received)
    if closed:
        ticket.status, ticket.closed_at, ticket.callback_rating = "closed", closed, 5
    db.session.commit()
    return ticket


def _report(client, community, **data):
    form = {"ticket_type": "repair", "building_id": "0", "description": "电梯按钮失灵，按了没反应"}
    form.update(data)
    return client.post(f"/feedback/{community.code}/new", data=form)


def test_repair_form_shows_and_records_the_consent_version(client, community):
    page = client.get(f"/feedback/{community.code}/new").get_data(as_text=True)
    assert "仅用于处理本次报修或投诉" in page and 'name="contact_consent"' in page
    response = _report(client, community, contact_phone=PHONE)
    assert response.status_code == 400
    assert "请同意姓名和电话的使用方式" in response.get_data(as_text=True)
    assert db.session.query(Ticket).count() == 0  # nothing saved half-way
    assert _report(client, community, contact_phone=PHONE, contact_consent="y") \
        .status_code == 302
    assert _report(client, community).status_code == 302  # anonymous: nothing to agree to
    versions = sorted(t.consent_version for t in db.session.query(Ticket))
    assert versions == ["", consent.CURRENT]


def test_months_before_clips_the_day():
    assert months_before(datetime(2027, 3, 31, 8), 1) == datetime(2027, 2, 28, 8)
    assert months_before(datetime(2028, 3, 31), 13) == datetime(2027, 2, 28)
    assert months_before(datetime(2027, 1, 15), 12) == datetime(2026, 1, 15)


def test_retention_removes_contacts_12_months_after_closure(community):
    now = datetime(2027, 12, 10, 3, 0)  # the frozen clock
    old = _ticket(community, datetime(2026, 11, 1), closed=datetime(2026, 12, 9, 3, 0))
    recent = _ticket(community, datetime(2026, 11, 2), closed=datetime(2026, 12, 11))
    still_open = _ticket(community, datetime(2025, 1, 1))
    removed = purge_expired_contacts(now, 12)
    db.session.commit()
    assert removed["tickets"] == 1
    db.session.expire_all()
    assert (old.contact_name, old.contact_phone, old.room) == ("", "", "")
    assert old.contact_removed_at == now and old.description == "门口的灯不亮了"
    assert recent.contact_phone == PHONE and still_open.contact_phone == PHONE
    assert purge_expired_contacts(now, 12)["tickets"] == 0  # nothing left to do
    assert db.session.query(AuditLog).filter_by(action="privacy.purge").count() == 1


def test_retention_ends_the_progress_opt_ins_of_those_tickets(community):
    """The number or WeChat openid left for progress messages goes with the ticket's own
    contact details; another ticket's opt-in and a notices subscription stay."""
    from survey_app.contacts.models import OwnerContact

    now = datetime(2027, 12, 10, 3, 0)
    old = _ticket(community, datetime(2026, 11, 1), closed=datetime(2026, 12, 9, 3, 0))
    recent = _ticket(community, datetime(2026, 11, 2), closed=datetime(2026, 12, 11))
    by_wechat = _wechat_opt_in(community, old, "oOld_openid_000000000000001")
    by_sms = _wechat_opt_in(community, old, "x")
    by_sms.channel, by_sms.openid, by_sms.phone = "sms", None, PHONE
    kept = _wechat_opt_in(community, recent, "oRecent_openid_00000000002")
    _opt_in_and_message(community, phone="13900002222")  # notices: no ticket
    db.session.commit()
    assert purge_expired_contacts(now, 12)["opt_ins"] == 2
    db.session.commit()
    db.session.expire_all()
    for ended in (by_wechat, by_sms):
        assert ended.phone is None and ended.openid is None
        assert ended.unsubscribed_at == now
    assert kept.openid == "oRecent_openid_00000000002" and kept.unsubscribed_at is None
    notices = db.session.scalar(select(OwnerContact).filter_by(purposes="notices"))
    assert notices.phone == "13900002222" and notices.unsubscribed_at is None
    assert purge_expired_contacts(now, 12)["opt_ins"] == 0
    logged = db.session.query(AuditLog).filter_by(action="privacy.purge").one()
    assert logged.details["opt_ins"] == 2


def test_phone_tails_are_kept_only_while_a_survey_is_open(app, community, period):
    version, _created = publish(load_definition(OWNER_YAML))
    make_survey(period, version, mode="open")
    assert purge_expired_contacts(datetime(2027, 1, 1))["phone_tails"] == 0
    db.session.query(Survey).update({"status": "closed"})
    db.session.commit()
    assert purge_expired_contacts(datetime(2027, 1, 1))["phone_tails"] > 0
    assert db.session.scalar(select(Household.id).where(Household.phone_tail.is_not(None))) \
        is None


def test_flask_privacy_purge_uses_the_configured_months(app, community):
    _ticket(community, datetime(2020, 1, 1), closed=datetime(2020, 2, 1))
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "1 tickets" in result.output


def _aggregates(community, period):
    return (queries.stats_overview(community.id, datetime(2027, 1, 1)),
            queries.monthly_public_summary(community.id),
            kpis.period_kpis(period.id))


def test_admin_exports_and_deletes_one_person_aggregates_unchanged(client, users, community,
                                                                   period):
    for day in (3, 5):
        _ticket(community, datetime(2026, 11, day), phone="138 1234 5678",
                closed=datetime(2026, 11, day + 1))
    _ticket(community, datetime(2026, 11, 7), phone="13900001111", name="李女士")
    before = _aggregates(community, period)
    login(client, "admin")
    response = client.post("/admin/privacy", data={"phone": "+86 138-1234-5678",
                                                   "action": "export"})
    data = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/json" and len(data["tickets"]) == 2
    assert {t["contact_name"] for t in data["tickets"]} == {"张先生"}
    response = client.post("/admin/privacy", data={"phone": PHONE, "action": "delete"})
    assert response.status_code == 302
    db.session.expire_all()
    phones = sorted(t.contact_phone for t in db.session.query(Ticket))
    assert phones == ["", "", "13900001111"]
    assert _aggregates(community, period) == before
    logged = db.session.query(AuditLog).filter_by(action="privacy.delete").one()
    assert logged.details["phone"] == "138****5678" and logged.details["count"] == 2
    assert PHONE not in json.dumps(logged.details)


def test_unknown_person_gets_a_clear_message(client, users, community):
    login(client, "admin")
    response = client.post("/admin/privacy", data={"phone": "13700000000", "action": "delete"})
    assert response.status_code == 400
    assert "没有任何记录包含该电话号码" in response.get_data(as_text=True)
    response = client.post("/admin/privacy", data={"phone": "abc", "action": "export"})
    assert response.status_code == 400 and "电话号码" in response.get_data(as_text=True)


def test_cli_export_and_delete(app, community):
    _ticket(community, datetime(2026, 11, 3))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["privacy", "export", PHONE])
    assert result.exit_code == 0 and json.loads(result.output)["tickets"][0]["room"] == "2单元 501"
    result = runner.invoke(args=["privacy", "delete", "13700000000"])
    assert result.exit_code == 1 and "没有任何记录包含该电话号码" in result.output
    result = runner.invoke(args=["privacy", "delete", PHONE])
    assert result.exit_code == 0 and "1 tickets" in result.output
    assert db.session.query(Ticket).one().contact_phone == ""


def _opt_in_and_message(community, phone=PHONE):
    from survey_app.contacts.models import OwnerContact
    from survey_app.notifications.models import Delivery

    moment = datetime(2026, 11, 2, 9)
    contact = OwnerContact(community_id=community.id, channel="sms", phone=phone,
                           purposes="notices", consent_version="2026-12-v1",
                           consented_at=moment, verified_at=moment,
                           unsubscribe_token="tok-" + phone[-4:])
    db.session.add(contact)
    db.session.flush()
    # addressed as notifications/owners.py addresses an owner's messages: to the opt-in
    db.session.add_all([
        Delivery(community_id=community.id, kind="notice", channel="owner_sms",
                 address=f"contact:{contact.id}", subject="公示", body="本季度测评结果已公示",
                 state="sent", sent_at=moment, idempotency_key="k1-" + phone),
        Delivery(community_id=community.id, kind="notice", channel="owner_sms",
                 address=f"contact:{contact.id}", subject="公示", body="第二条",
                 state="queued", idempotency_key="k2-" + phone)])
    db.session.commit()


def test_opt_ins_messages_and_a_staff_number_are_exported_and_deleted(client, users, community):
    """Issue 17 added numbers beyond tickets: an owner with only an SMS opt-in is found too."""
    from survey_app.auth.models import User
    from survey_app.contacts.models import OwnerContact
    from survey_app.notifications.models import Delivery

    _opt_in_and_message(community)
    staff = db.session.scalar(select(User).filter_by(username="staff"))
    staff.phone, staff.phone_verified_at = PHONE, datetime(2026, 11, 1)
    # a staff account's text message is addressed to its number (notifications/channels/sms)
    db.session.add(Delivery(community_id=community.id, user_id=staff.id, kind="ticket.overdue",
                            channel="sms", address=PHONE, subject="超时", body="工单超时",
                            state="sent", idempotency_key="k3-staff"))
    db.session.commit()
    login(client, "admin")
    data = json.loads(client.post("/admin/privacy", data={"phone": PHONE, "action": "export"})
                      .get_data(as_text=True))
    assert data["tickets"] == []
    assert [o["purposes"] for o in data["message_opt_ins"]] == [["notices"]]
    assert [m["body"] for m in data["messages_sent"]] == ["本季度测评结果已公示", "第二条",
                                                           "工单超时"]
    assert [a["username"] for a in data["staff_accounts"]] == ["staff"]
    assert client.post("/admin/privacy", data={"phone": PHONE, "action": "delete"}) \
        .status_code == 302
    db.session.expire_all()
    contact = db.session.scalars(select(OwnerContact)).one()
    assert contact.phone is None and contact.unsubscribed_at is not None
    sent, queued, to_staff = db.session.scalars(select(Delivery).order_by(Delivery.id))
    assert sent.state == "sent" and PHONE not in sent.address
    assert queued.state == "skipped"  # never sent now
    assert (to_staff.address, to_staff.state) == ("138****5678", "sent")
    staff = db.session.scalar(select(User).filter_by(username="staff"))
    assert staff.phone is None and staff.phone_verified_at is None
    logged = db.session.query(AuditLog).filter_by(action="privacy.delete").one()
    assert logged.details["opt_ins"] == 1 and logged.details["deliveries"] == 3
    assert PHONE not in json.dumps(logged.details)
    response = client.post("/admin/privacy", data={"phone": PHONE, "action": "export"})
    assert response.status_code == 400  # nothing holds the number any more


def _wechat_opt_in(community, ticket, openid):
    from survey_app.contacts.models import OwnerContact

    moment = datetime(2026, 11, 2, 9)
    contact = OwnerContact(community_id=community.id, ticket_id=ticket.id, channel="wechat",
                           openid=openid, purposes="ticket_progress",
                           consent_version="2026-12-v1", consented_at=moment,
                           verified_at=moment, unsubscribe_token="tok-" + openid[-6:])
    db.session.add(contact)
    db.session.commit()
    return contact


def test_a_wechat_opt_in_on_the_persons_report_is_exported_and_ended(app, community,
                                                                     monkeypatch):
    """A WeChat opt-in holds an openid, no number: it is the person's through their ticket;
    the progress message queued for it is found, and skipped once the person is deleted."""
    from survey_app.contacts.models import OwnerContact
    from survey_app.notifications import owners
    from survey_app.notifications.models import Delivery
    from survey_app.privacy.services import delete_person, export_person

    # the app is shared by the session's tests: the configuration is undone afterwards
    monkeypatch.setitem(app.config, "WECHAT_APPID", "wx0123456789abcdef")
    monkeypatch.setitem(app.config, "WECHAT_SECRET", "s" * 32)
    mine = _ticket(community, datetime(2026, 11, 1, 9))
    theirs = _ticket(community, datetime(2026, 11, 1, 10), phone="13900001111")
    _wechat_opt_in(community, mine, "oMine_openid_0000000000001")
    _wechat_opt_in(community, theirs, "oTheirs_openid_00000000002")
    assert owners.ticket_progress(mine, "acknowledged", "k-mine", community) == 1
    assert owners.ticket_progress(theirs, "acknowledged", "k-theirs", community) == 1
    db.session.commit()

    data = export_person(PHONE)
    assert [o["wechat_openid"] for o in data["message_opt_ins"]] == [
        "oMine_openid_0000000000001"]
    assert [m["channel"] for m in data["messages_sent"]] == ["owner_wechat"]
    assert mine.tracking_code in data["messages_sent"][0]["body"]
    delete_person(PHONE, datetime(2026, 12, 1))
    db.session.commit()
    db.session.expire_all()
    ended, kept = db.session.scalars(select(OwnerContact).order_by(OwnerContact.id))
    assert ended.openid is None and ended.unsubscribed_at is not None
    assert kept.openid == "oTheirs_openid_00000000002" and kept.unsubscribed_at is None
    states = {d.address: d.state for d in db.session.scalars(select(Delivery))}
    assert states == {f"contact:{ended.id}": "skipped", f"contact:{kept.id}": "queued"}
