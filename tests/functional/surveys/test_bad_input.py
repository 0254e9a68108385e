"""Bad owner input: a clear message, nothing stored half-way, never a 500."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.surveys import services
from survey_app.surveys.models import Answer, Response
from survey_app.throttle import FailedAttempt
from tests.fixtures.factories import make_community, make_period
from tests.fixtures.surveys import (
    all_answers,
    codes_of,
    make_survey,
    section_answers,
)


def _answers():
    return db.session.scalar(select(func.count(Answer.id)))


def test_out_of_range_and_unknown_items_store_nothing(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    bad = client.post(f"/c/{code}/1", data=section_answers(definition, 0, cl1="7"))
    assert bad.status_code == 400
    assert "请从给出的选项中选择" in bad.get_data(as_text=True) \
        or "Please choose one of the options shown." in bad.get_data(as_text=True)
    unknown = client.post(f"/c/{code}/1", data={**section_answers(definition, 0), "q_zz9": "3"})
    assert unknown.status_code == 400 and "zz9" in unknown.get_data(as_text=True)
    other_section = client.post(f"/c/{code}/1",
                                data={**section_answers(definition, 0), "q_gr1": "3"})
    assert other_section.status_code == 400
    nps = client.post(f"/c/{code}/all", data=all_answers(definition, nps="11"))
    assert nps.status_code == 400
    assert _answers() == 0


def test_missing_required_answer_is_named(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    data = section_answers(definition, 0)
    del data["q_cl3"]
    response = client.post(f"/c/{code}/1", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="q-cl3"' in text and "fieldset class=\"q bad\" id=\"q-cl3\"" in text
    assert _answers() == 0
    assert 'name="q_cl1" value="4" checked' in text  # what was given is kept on the page


def test_tampered_hidden_section_field(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    data = section_answers(definition, 0)
    data["section"] = "greening"
    response = client.post(f"/c/{code}/1", data=data)
    assert response.status_code == 400
    assert _answers() == 0


def test_skipping_pages_does_not_submit_an_incomplete_response(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    response = client.post(f"/c/{code}/6", data=section_answers(definition, 5))
    assert response.status_code == 400
    assert db.session.scalar(select(Response.status)) == "in_progress"


def test_double_submission_of_single_page_keeps_one(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    first = client.post(f"/c/{code}/all", data=all_answers(definition, likert="5"))
    second = client.post(f"/c/{code}/all", data=all_answers(definition, likert="1"))
    assert first.status_code == 302 and second.status_code == 200
    assert "已提交" in second.get_data(as_text=True) or "Already" in second.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(Answer.value).filter_by(item_id="cl1")) == 5


def test_closed_survey_refuses_answers(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    services.close_survey(survey)
    db.session.commit()
    for response in (client.get(f"/c/{code}"),
                     client.post(f"/c/{code}/all", data=all_answers(definition)),
                     client.get(f"/s/{survey.token}")):
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and ("已结束" in text or "closed" in text)
    assert _answers() == 0


def test_unknown_code_and_code_from_another_community(client, survey, owner_version):
    assert client.get("/c/ZZZZ2222").status_code == 404
    other = make_community(name="别的小区", code="other", buildings=1)
    other_survey = make_survey(make_period(other), owner_version)
    foreign = codes_of(other_survey)[0]
    response = client.post(f"/s/{survey.token}", data={"code": foreign})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "另一个小区" in text or "another community" in text
    good = client.post(f"/s/{survey.token}", data={"code": codes_of(survey)[0].lower()})
    assert good.status_code == 302 and good.headers["Location"].endswith(codes_of(survey)[0])


def _verify(client, survey, household, tail):
    return client.post(f"/s/{survey.token}", data={
        "building": household.building_id, "unit": household.unit, "room": household.room,
        "phone_tail": tail})


def test_open_link_wrong_phone_tail_is_throttled(client, open_survey, community):
    household = community.buildings[0].households[0]
    for _attempt in range(5):
        response = _verify(client, open_survey, household, "0000")
        assert response.status_code == 400
        assert "后四位" in response.get_data(as_text=True) \
            or "last four digits" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(FailedAttempt.id))
                             .filter_by(scope="verify-room")) == 5  # rules: open_link.py
    blocked = _verify(client, open_survey, household, household.phone_tail)
    assert blocked.status_code == 400
    assert "15" in blocked.get_data(as_text=True)
    other = community.buildings[0].households[1]
    assert _verify(client, open_survey, other, other.phone_tail).status_code == 302


def test_open_link_unknown_room(client, open_survey, community):
    response = client.post(f"/s/{open_survey.token}", data={
        "building": community.buildings[0].id, "unit": "1", "room": "999", "phone_tail": ""})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_open_link_flow_one_response_per_household(app, client, open_survey, community):
    definition = services.definition_of(open_survey)
    household = community.buildings[1].households[2]
    assert _verify(client, open_survey, household, household.phone_tail).status_code == 302
    assert client.get(f"/s/{open_survey.token}/start").status_code == 200
    done = client.post(f"/s/{open_survey.token}/all", data=all_answers(definition))
    assert done.status_code == 302
    assert client.get(done.headers["Location"]).status_code == 200
    second_phone = app.test_client()
    assert _verify(second_phone, open_survey, household, household.phone_tail).status_code == 302
    again = second_phone.post(f"/s/{open_survey.token}/all", data=all_answers(definition))
    assert again.status_code == 200
    assert "已提交" in again.get_data(as_text=True) or "Already" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(Response.building_id)) == household.building_id


def test_pages_without_verification_redirect_to_the_entry(client, open_survey):
    response = client.get(f"/s/{open_survey.token}/1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{open_survey.token}")

