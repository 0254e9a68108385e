"""Chasing non-responders per building (issue 17 item 5): the code holder's list, reminder
slips and text reminders; participation only, never answers, and nothing sent twice."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from survey_app.audit import AuditLog
from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from survey_app.models_base import utcnow
from survey_app.notifications.dispatch import deliver_due
from survey_app.notifications.models import Delivery
from survey_app.surveys import chasing, printing, services
from survey_app.surveys.models import AccessCode
from tests.fixtures.fake_providers import fake_aliyun, sms_enabled  # noqa: F401
from tests.fixtures.jobs import download
from tests.fixtures.surveys import all_answers

NOON = datetime(2026, 12, 7, 4, 0)  # 12:00 in Shanghai
LATE = datetime(2026, 12, 7, 14, 30)  # 22:30 in Shanghai: quiet hours


def _url(period) -> str:
    return f"/surveys/{period.community_id}/{period.id}"


def _code(survey, household) -> str:
    return db.session.scalar(select(AccessCode.code).filter_by(survey_id=survey.id,
                                                              household_id=household.id))


def _answer(app, survey, household, comment="电梯很脏，保安态度差"):
    definition = services.definition_of(survey)
    response = app.test_client().post(f"/c/{_code(survey, household)}/all",
                                      data=all_answers(definition, likert="2", comment=comment))
    assert response.status_code in (200, 302)


def _contact(community, household, phone, purposes="survey_reminders", unsubscribed=False):
    contact = OwnerContact(community_id=community.id, household_id=household.id, phone=phone,
                           purposes=purposes, consent_version="test", consented_at=NOON,
                           verified_at=NOON, unsubscribe_token=f"tok-{phone}",
                           unsubscribed_at=NOON if unsubscribed else None)
    db.session.add(contact)
    db.session.commit()
    return contact


def _rooms(page: str, building_id: int) -> list[str]:
    section = page.split(f'id="building-{building_id}"')[1].split("</section>")[0]
    return re.findall(r"<tr><td>(\d*)</td><td>(\d+)</td></tr>", section)


def test_the_page_lists_who_has_not_answered_per_building_and_nothing_answered(
        app, as_role, survey, period, community):
    first, second = community.buildings
    answered = first.households[0]
    _answer(app, survey, answered)
    page = as_role("committee").get(_url(period) + "/chase")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert len(_rooms(html, first.id)) == 5 and len(_rooms(html, second.id)) == 6
    assert (answered.unit, answered.room) not in _rooms(html, first.id)
    # participation only: no answer text, no score, no rate, nothing per item
    main = "".join(html.split('<section class="card" id="building-')[1:])
    for leak in ("电梯很脏", "保安态度差", "得分", "平均", "%", "score"):
        assert leak not in main
    one = as_role("committee").get(_url(period) + f"/chase?building={first.id}")
    assert f'id="building-{second.id}"' not in one.get_data(as_text=True)


def test_a_small_building_shows_participation_but_no_score(app, as_role, survey, period,
                                                           community):
    building = community.buildings[0]
    for household in building.households[:5]:
        _answer(app, survey, household, comment="物业很好")
    html = as_role("committee").get(_url(period) + f"/chase?building={building.id}") \
        .get_data(as_text=True)
    assert "5 / 6" not in html and "物业很好" not in html
    assert len(_rooms(html, building.id)) == 1
    section = html.split(f'id="building-{building.id}"')[1]
    assert not re.search(r"\d+\.\d", section)  # no averages of any kind


def test_only_the_code_holder_and_every_look_is_recorded(app, as_role, survey, period):
    staff = as_role("staff")
    for path in ("/chase", "/chase/slips.pdf"):
        assert staff.get(_url(period) + path).status_code == 403
    committee = as_role("committee")
    assert committee.get(_url(period) + "/chase?building=999999").status_code == 404
    committee.get(_url(period) + "/chase")
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert "survey.chase" in actions
    assert "按楼栋查看了未填写住户" in committee.get(_url(period)).get_data(as_text=True)


def test_reminder_slips_only_for_households_not_yet_answered(app, as_role, survey, period,
                                                             community):
    building = community.buildings[0]
    answered = building.households[0]
    _answer(app, survey, answered)
    missing = chasing.missing_households(survey, building.id)
    rows = printing.slip_rows(survey, building.id, missing)
    assert len(rows) == 5 and _code(survey, answered) not in {r[3] for r in rows}
    # printed by a worker (nothing heavy in the request): 303 to the job, then the file
    response = download(as_role("committee"), _url(period) + f"/chase/slips.pdf?building={building.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "reminder-slips" in response.headers["Content-Disposition"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.data,
                              capture_output=True, check=True).stdout.decode()
        assert "温馨提醒" in text and _code(survey, answered)[4:] not in text.replace(" ", "")
        assert text.replace(" ", "").count(_code(survey, building.households[1])[4:]) == 1


def test_a_reminder_goes_once_to_opted_in_non_responders_only(app, as_role, survey, period,
                                                              community, sms_enabled):  # noqa: F811
    households = community.buildings[0].households
    _answer(app, survey, households[0])
    _contact(community, households[0], "13800001111")  # answered: no reminder
    _contact(community, households[1], "13800001112")  # not answered: one reminder
    _contact(community, households[2], "13800001121", unsubscribed=True)
    _contact(community, households[3], "13800001122", purposes="notices")  # not for this
    committee = as_role("committee")
    page = committee.get(_url(period) + "/chase").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for _ in range(2):  # pressed twice: the second finds it queued already
        sent = committee.post(_url(period) + "/chase/remind",
                              data={"csrf_token": token, "building": households[0].building_id})
        assert sent.status_code == 302
    deliveries = list(db.session.scalars(select(Delivery).filter_by(kind="survey.reminder")))
    assert len(deliveries) == 1 and deliveries[0].address.startswith("contact:")
    later = utcnow() + timedelta(days=1)
    deliver_due(later)
    deliver_due(later)  # a re-run job sends nothing twice
    received = [r for r in sms_enabled.received if r["PhoneNumbers"].startswith("138000011")]
    assert [r["PhoneNumbers"] for r in received] == ["13800001112"]
    assert "/u/" in received[0]["values"]["unsubscribe"]
    assert "survey.reminders" in set(db.session.scalars(select(AuditLog.action)))


def test_reminders_wait_for_the_end_of_quiet_hours(app, survey, community,
                                                   sms_enabled):  # noqa: F811
    household = community.buildings[1].households[0]
    _contact(community, household, "13800002111")
    assert chasing.remind(survey, None, "http://x/s/t", now=LATE) == (1, 1)
    assert chasing.remind(survey, None, "http://x/s/t", now=LATE + timedelta(hours=1)) == (0, 1)
    [delivery] = db.session.scalars(select(Delivery).filter_by(kind="survey.reminder"))
    assert delivery.next_attempt_at == datetime(2026, 12, 8, 0, 0)  # 08:00 in Shanghai
    assert deliver_due(LATE + timedelta(hours=2)) == 0


def test_without_sms_the_button_is_hidden_and_a_post_says_why(as_role, survey, period,
                                                              community):
    committee = as_role("committee")
    page = committee.get(_url(period) + "/chase").get_data(as_text=True)
    assert "/chase/remind" not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    data = {"csrf_token": token.group(1)} if token else {}
    refused = committee.post(_url(period) + "/chase/remind", data=data)
    assert refused.status_code == 400


@pytest.mark.parametrize("building", ["abc", "999999"])
def test_a_bad_building_is_not_found(as_role, survey, period, building):
    response = as_role("committee").get(_url(period) + f"/chase/slips.pdf?building={building}")
    assert response.status_code == 404
