"""Issue 13 items 2–4: drafts of the answering browser only, who holds the codes, integrity."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from survey_app.audit import AuditLog
from survey_app.extensions import db
from survey_app.surveys import integrity, services
from survey_app.surveys.data import load_owner_data
from survey_app.surveys.models import AccessCode, Answer, Response
from tests.fixtures.jobs import download
from tests.fixtures.surveys import all_answers, section_answers


def _url(period) -> str:
    return f"/surveys/{period.community_id}/{period.id}"


def _code(survey, household) -> str:
    return db.session.scalar(select(AccessCode.code).filter_by(survey_id=survey.id,
                                                              household_id=household.id))


# --- item 2: answers in progress -------------------------------------------------------

def test_a_draft_is_seen_only_by_the_browser_that_typed_it(app, survey, community):
    definition = services.definition_of(survey)
    code = _code(survey, community.buildings[0].households[0])
    owner = app.test_client()
    owner.get(f"/c/{code}/1")
    assert owner.post(f"/c/{code}/1", data=section_answers(definition, 0, likert="2")) \
        .status_code == 302
    holder = app.test_client()  # e.g. whoever printed the slips, with no cookie
    intro = holder.get(f"/c/{code}").get_data(as_text=True)
    assert "欢迎回来" not in intro and f"/c/{code}/2" not in intro
    assert not re.search(r'value="[^"]*" checked', holder.get(f"/c/{code}/1").get_data(
        as_text=True))
    assert not re.search(r'value="[^"]*" checked', holder.get(f"/c/{code}/all").get_data(
        as_text=True))
    # saving a page elsewhere discards the earlier draft instead of continuing it
    assert holder.post(f"/c/{code}/1", data=section_answers(definition, 0, likert="5")) \
        .status_code == 302
    assert db.session.scalar(select(func.count(Answer.id))) == len(
        definition.sections[0].items)
    assert set(db.session.scalars(select(Answer.value).where(Answer.value.is_not(None)))) \
        == {5}
    page = owner.get(f"/c/{code}/1").get_data(as_text=True)
    assert not re.search(r'value="2" checked', page)


def test_a_submission_records_seconds_spent_not_times(app, survey, community):
    definition = services.definition_of(survey)
    code = _code(survey, community.buildings[0].households[0])
    owner = app.test_client()
    owner.get(f"/c/{code}/all")
    assert owner.post(f"/c/{code}/all", data=all_answers(definition)).status_code == 302
    response = db.session.scalar(select(Response))
    assert response.duration_seconds is not None and response.duration_seconds < 60
    assert response.device_group and len(response.device_group) == 16
    assert response.draft_key is None


# --- item 3: who holds the codes --------------------------------------------------------

def test_by_default_the_committee_holds_the_codes_and_the_company_gets_a_clear_403(
        as_role, survey, period):
    staff = as_role("staff")
    refused = staff.get(_url(period) + "/slips.pdf")
    assert refused.status_code == 403
    text = refused.get_data(as_text=True)
    assert "业主委员会" in text and "问卷码" in text
    assert staff.get(_url(period) + "/households").status_code == 403
    assert staff.get(_url(period) + "/non-responders.csv").status_code == 403
    assert "打印了问卷码条" not in staff.get(_url(period)).get_data(as_text=True)
    committee = as_role("committee")
    assert download(committee, _url(period) + "/slips.pdf").status_code == 200
    # the company sees that the committee printed slips
    page = as_role("staff").get(_url(period)).get_data(as_text=True)
    assert "打印了问卷码条" in page and "committee" in page


def test_the_holder_sees_who_answered_never_what_and_the_other_party_sees_the_record(
        app, as_role, survey, period, community):
    community.code_holder = "company"
    db.session.commit()
    definition = services.definition_of(survey)
    answered = community.buildings[0].households[0]
    app.test_client().post(f"/c/{_code(survey, answered)}/all",
                           data=all_answers(definition, comment="电梯很脏"))
    staff = as_role("staff")
    page = staff.get(_url(period) + "/households").get_data(as_text=True)
    assert page.count("<td>已填写</td>") == 1 and page.count("<strong>未填写</strong>") == 11
    assert "电梯很脏" not in page
    listing = staff.get(_url(period) + "/non-responders.csv")
    assert listing.status_code == 200
    lines = listing.data.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 11 and '"101"' not in lines[1]
    committee = as_role("committee")
    assert committee.get(_url(period) + "/slips.pdf").status_code == 403
    record = committee.get(_url(period)).get_data(as_text=True)
    assert "查看了住户填写情况" in record and "下载了未填写住户名单" in record
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"survey.participation", "survey.nonresponders"} <= actions


def test_the_code_holder_is_set_on_the_community_form(as_role, community):
    staff = as_role("staff")
    form = staff.get(f"/communities/{community.id}/edit").get_data(as_text=True)
    assert 'name="code_holder"' in form
    data = {"name": community.name, "code": community.code, "address": "", "company": "",
            "code_holder": "both"}
    assert staff.post(f"/communities/{community.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert community.code_holder == "both"
    bad = staff.post(f"/communities/{community.id}/edit", data={**data, "code_holder": "x"})
    assert bad.status_code == 400 and "code_holder" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert community.code_holder == "both"


# --- item 4: integrity signals ----------------------------------------------------------

def _burst(app, survey, homes, address="10.0.0.7", **answers):
    """Responses posted straight away from one device (no page opened first)."""
    definition = services.definition_of(survey)
    client = app.test_client()
    for home in homes:
        response = client.post(f"/c/{_code(survey, home)}/all",
                               data=all_answers(definition, **answers),
                               environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 302


def _careful(app, survey, home, address):
    """A response opened, answered with varied ratings, and ten minutes in the making."""
    definition = services.definition_of(survey)
    client = app.test_client()
    client.get(f"/c/{_code(survey, home)}/all", environ_base={"REMOTE_ADDR": address})
    varied = {"cl1": "5", "cl2": "3", "cl3": "4", "se1": "2"}
    assert client.post(f"/c/{_code(survey, home)}/all", data=all_answers(definition, **varied),
                       environ_base={"REMOTE_ADDR": address}).status_code == 302
    # the test does not wait ten minutes: the stored number of seconds is set instead
    db.session.execute(db.update(Response).where(
        Response.household_key == services.household_key(survey.id, home.id))
        .values(duration_seconds=600))


def test_integrity_counts_on_a_seeded_burst(app, as_role, survey, period, community):
    homes = [h for b in community.buildings for h in b.households]
    _burst(app, survey, homes[:5], likert="5")  # five in a row, all 5s, no time spent
    for n, home in enumerate(homes[5:8]):
        _careful(app, survey, home, f"10.0.1.{n}")
    db.session.commit()
    signals = integrity.signals(survey)
    assert signals.total == 8
    assert signals.fast == 5 and signals.straight == 5
    assert signals.bursts == [5] and signals.burst_responses == 5
    page = as_role("committee").get(_url(period) + "/integrity").get_data(as_text=True)
    assert "同一设备集中提交" in page and ">5<" in page
    assert as_role("staff").get(_url(period) + "/integrity").status_code == 403


def test_paper_entries_per_staff_account_against_web(app, as_role, survey, period, community):
    homes = community.buildings[0].households
    _careful(app, survey, homes[0], "10.0.2.1")
    staff = as_role("staff")
    definition = services.definition_of(survey)
    for home in homes[1:3]:
        data = {"building": home.building_id, "unit": home.unit, "room": home.room,
                **all_answers(definition, likert="5")}
        assert staff.post(_url(period) + "/paper", data=data).status_code == 302
    signals = integrity.signals(survey)
    assert [(p["user"], p["count"]) for p in signals.paper] == [("staff", 2)]
    assert signals.paper[0]["shares"] == {5: 1.0} and signals.paper[0]["mean"] == 5
    assert signals.web_mean is not None and signals.web_mean < 5


def test_excluding_needs_a_reason_is_logged_and_the_results_drop_them(app, as_role, survey,
                                                                      period, community):
    homes = [h for b in community.buildings for h in b.households]
    _burst(app, survey, homes[:4], likert="5")
    for n, home in enumerate(homes[4:10]):
        _careful(app, survey, home, f"10.0.3.{n}")
    db.session.commit()
    assert load_owner_data(period.id).n_respondents == 10
    committee = as_role("committee")
    missing = committee.post(_url(period) + "/integrity/exclude",
                             data={"flag": "burst", "reason": "  "})
    assert missing.status_code == 400
    assert "请填写剔除这些问卷的原因" in missing.get_data(as_text=True)
    assert integrity.excluded_count(survey.id) == 0
    done = committee.post(_url(period) + "/integrity/exclude",
                          data={"flag": "burst", "reason": "同一部手机 10 分钟内提交 4 份"})
    assert done.status_code == 302
    db.session.expire_all()
    assert integrity.excluded_count(survey.id) == 4
    assert load_owner_data(period.id).n_respondents == 6
    entry = db.session.scalar(select(AuditLog).filter_by(action="survey.exclude"))
    assert entry.details["count"] == 4 and "10 分钟" in entry.details["reason"]
    page = as_role("staff").get(_url(period)).get_data(as_text=True)
    assert "业主委员会已剔除 4 份问卷" in page
    export = download(as_role("staff"), _url(period) + "/export.csv").data.decode("utf-8-sig")
    assert len(export.strip().splitlines()) == 1 + 6
    again = as_role("committee").post(_url(period) + "/integrity/exclude",
                                      data={"flag": "burst", "reason": "再来一次"})
    assert again.status_code == 400 and "没有计入结果的问卷带有此信号" in again.get_data(
        as_text=True)


def test_a_closed_period_refuses_exclusions(app, as_role, survey, period, community):
    _burst(app, survey, community.buildings[0].households[:3], likert="5")
    period.status = "closed"
    db.session.commit()
    refused = as_role("committee").post(_url(period) + "/integrity/exclude",
                                        data={"flag": "fast", "reason": "太快"})
    assert refused.status_code == 400 and "测评期已关闭" in refused.get_data(as_text=True)
    assert integrity.excluded_count(survey.id) == 0
