"""The owner's flow through the test client: code, pages, show_if, resume, submit once."""

from __future__ import annotations

import gzip
import re

from sqlalchemy import func, select

from survey_app.communities.models import Period
from survey_app.extensions import db
from survey_app.surveys import services, vectors
from survey_app.surveys.models import AccessCode, Answer, Response
from tests.fixtures.surveys import (
    all_answers,
    codes_of,
    household_of,
    section_answers,
)


def _count(model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def _assert_vector_matches_rows(definition) -> None:
    """Each submitted response's packed vector says exactly what its answer rows say."""
    db.session.expire_all()
    for response in db.session.scalars(select(Response).filter_by(status="submitted")):
        rows = {a.item_id: a for a in db.session.scalars(
            select(Answer).filter_by(response_id=response.id))}
        assert response.answer_vector == vectors.pack_for(definition, rows)


def _answer_pages(client, code, definition, last_overrides=None):
    """Post every section in turn; returns the last response."""
    n = len(definition.sections)
    for index in range(n):
        overrides = last_overrides if index == n - 1 and last_overrides else {}
        response = client.post(f"/c/{code}/{index + 1}",
                               data=section_answers(definition, index, **overrides))
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def test_code_flow_page_by_page_then_thanks_and_used_code(client, survey, period):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    intro = client.get(f"/c/{code}")
    assert intro.status_code == 200
    assert "业主满意度调查问卷" in intro.get_data(as_text=True)
    page = client.get(f"/c/{code}/1").get_data(as_text=True)
    for label in ("非常满意", "满意", "一般", "不满意", "非常不满意", "不适用/不了解"):
        assert f"<span>{label}</span>" in page
    assert page.index("非常满意") < page.index("非常不满意")
    assert "第 1 页，共 6 页" in page or "Page 1 of 6" in page
    version_before = db.session.get(Period, period.id).data_version
    last = _answer_pages(client, code, definition, {"overall": "5"})
    assert last.headers["Location"].endswith(f"/c/{code}/done")
    thanks = client.get(f"/c/{code}/done").get_data(as_text=True)
    assert "感谢" in thanks or "Thank you" in thanks
    db.session.expire_all()
    response = db.session.scalar(select(Response))
    assert response.status == "submitted" and response.channel == "web"
    assert response.building_id == household_of(code).building_id
    assert len(response.household_key) == 64 and str(household_of(code).id) != response.household_key
    stored = {a.item_id: a for a in db.session.scalars(select(Answer))}
    assert stored["cl1"].value == 4 and stored["overall"].value == 5 and stored["nps"].value == 8
    assert stored["comment"].text == "电梯希望再干净一些"
    assert "improve" not in stored  # show_if overall <= 3 is false
    _assert_vector_matches_rows(definition)
    assert db.session.scalar(select(AccessCode.used_on).filter_by(code=code)) is not None
    assert db.session.get(Period, period.id).data_version > version_before
    again = client.get(f"/c/{code}")
    text = again.get_data(as_text=True)
    assert again.status_code == 200 and ("已提交" in text or "Already submitted" in text)
    replay = client.post(f"/c/{code}/6", data=section_answers(definition, 5, overall="1"))
    assert replay.status_code == 200
    assert "已提交" in replay.get_data(as_text=True) or "Already" in replay.get_data(as_text=True)
    db.session.expire_all()
    assert _count(Response) == 1
    assert db.session.scalar(select(Answer.value).filter_by(item_id="overall")) == 5


def test_show_if_keeps_improvement_areas_for_low_overall(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[1]
    _answer_pages(client, code, definition, {"overall": "2", "improve": ["cleaning", "fees"]})
    text = db.session.scalar(select(Answer.text).filter_by(item_id="improve"))
    assert text == "cleaning,fees"


def test_a_closed_tab_resumes_in_the_same_browser_only(app, client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[2]
    assert client.post(f"/c/{code}/1", data=section_answers(definition, 0, likert="2")) \
        .status_code == 302
    intro = client.get(f"/c/{code}").get_data(as_text=True)
    assert f"/c/{code}/2" in intro
    page1 = client.get(f"/c/{code}/1").get_data(as_text=True)
    assert re.search(r'name="q_cl1" value="2" checked', page1)
    # whoever else holds the code (another phone, the printer of the slips) sees nothing
    other_browser = app.test_client()
    intro = other_browser.get(f"/c/{code}").get_data(as_text=True)
    assert f"/c/{code}/2" not in intro and "欢迎回来" not in intro
    page1 = other_browser.get(f"/c/{code}/1").get_data(as_text=True)
    assert not re.search(r"value=\"[^\"]*\" checked", page1)


def test_not_applicable_is_stored_as_na(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    client.post(f"/c/{code}/1", data=section_answers(definition, 0, cl5="na"))
    answer = db.session.scalar(select(Answer).filter_by(item_id="cl5"))
    assert answer.is_na and answer.value is None


def test_single_page_submission(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[3]
    assert client.get(f"/c/{code}/all").status_code == 200
    response = client.post(f"/c/{code}/all", data=all_answers(definition))
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    assert _count(Response, status="submitted") == 1
    assert _count(Answer) == 28  # 25 Likert + overall + nps + comment
    _assert_vector_matches_rows(definition)


def test_owner_page_is_light_and_self_contained(client, survey):
    code = codes_of(survey)[0]
    for url in (f"/c/{code}", f"/c/{code}/1", f"/c/{code}/6", f"/c/{code}/all",
                f"/s/{survey.token}"):
        body = client.get(url).data
        assert len(gzip.compress(body)) <= 25 * 1024, url
        text = body.decode()
        assert not re.search(r'(src|href)="(https?:)?//', text), url
        assert "app.css" not in text and "<link" not in text


def test_single_page_after_a_started_response_submits_that_response(client, survey, period):
    definition = services.definition_of(survey)
    code = codes_of(survey)[4]
    assert client.post(f"/c/{code}/1", data=section_answers(definition, 0, likert="2")) \
        .status_code == 302
    version_before = db.session.get(Period, period.id).data_version
    response = client.post(f"/c/{code}/all", data=all_answers(definition, likert="5"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    db.session.expire_all()
    assert _count(Response) == 1 and _count(Response, status="submitted") == 1
    assert _count(Answer) == 28
    assert db.session.scalar(select(Answer.value).filter_by(item_id="cl1")) == 5
    assert db.session.scalar(select(AccessCode.used_on).filter_by(code=code)) is not None
    assert db.session.get(Period, period.id).data_version > version_before
    _assert_vector_matches_rows(definition)
    used = client.get(f"/c/{code}").get_data(as_text=True)
    # the used code says only that it was used: a time would link it to an export row
    assert "已填写" in used and not re.search(r"\d{1,2}:\d{2}", used)
