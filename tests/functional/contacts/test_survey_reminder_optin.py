"""An owner subscribes to survey reminders for their household (issue 17 item 5): the number
must match the phone tail the service centre has for the room, so nobody can learn whether a
neighbour has answered; a refused address saves nothing and leaves the code usable."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.communities.models import Household
from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db

PHONE = "13800001111"  # the tail 1111 is building 1, unit 1, room 101 (factories)


def _subscribe(client, community, code, room="101", phone=PHONE, remind="y"):
    building = community.buildings[0]
    data = {"notify-phone": phone, "notify-code": code, "notify-consent": "y",
            "notify-subscribe": "1", "notify-building": str(building.id), "notify-unit": "1",
            "notify-room": room}
    if remind:
        data["notify-remind_survey"] = remind
    return client.post(f"/notify/{community.id}", data=data)


def _code(client, community, fake, phone=PHONE) -> str:
    client.post(f"/notify/{community.id}", data={"notify-phone": phone, "notify-send_code": "1"})
    return fake.received[-1]["values"]["code"]


def test_the_household_whose_phone_tail_matches_is_remembered(client, community, sms_enabled):
    page = client.get(f"/notify/{community.id}").get_data(as_text=True)
    assert 'id="survey-reminders"' in page and "绝不涉及您的答案" in page
    code = _code(client, community, sms_enabled)
    wrong = _subscribe(client, community, code, room="102")  # the neighbour's room
    assert wrong.status_code == 400
    assert "与服务中心登记的本户号码不一致" in wrong.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OwnerContact.id))) == 0
    done = _subscribe(client, community, code)  # the same code still works
    assert done.status_code == 302
    contact = db.session.scalars(select(OwnerContact)).one()
    household = db.session.get(Household, contact.household_id)
    assert (household.unit, household.room, household.phone_tail) == ("1", "101", "1111")
    assert contact.purposes == "notices,survey_reminders"


def test_an_unknown_room_names_the_field(client, community, sms_enabled):
    code = _code(client, community, sms_enabled)
    answer = _subscribe(client, community, code, room="9999")
    assert answer.status_code == 400 and "本小区没有这个房号" in answer.get_data(as_text=True)


def test_without_the_box_the_address_is_ignored(client, community, sms_enabled):
    code = _code(client, community, sms_enabled, phone="13912345678")
    assert _subscribe(client, community, code, phone="13912345678", remind="").status_code == 302
    contact = db.session.scalars(select(OwnerContact)).one()
    assert contact.household_id is None and contact.purposes == "notices"
