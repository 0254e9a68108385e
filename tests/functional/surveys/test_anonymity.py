"""Issue 13 item 1: no page, export, log or column links a household to its answers.

The attack reproduced: staff probe paper entry for each household (it used to answer with the
minute of submission), then match the times with the export, which was ordered by submission
time and carried the date. Here the same staff-visible outputs are compared for two surveys in
which the same households gave swapped answers: if they are identical, nothing staff can see
tells which household gave which answers.
"""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import Date, DateTime, func, inspect, select

from survey_app.extensions import db
from survey_app.surveys import services
from survey_app.surveys.models import AccessCode, Answer, Response, Survey
from tests.fixtures.factories import make_period
from tests.fixtures.jobs import download
from tests.fixtures.surveys import all_answers, make_survey

TIME = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}")


def _url(period) -> str:
    return f"/surveys/{period.community_id}/{period.id}"


def _code(survey, household) -> str:
    return db.session.scalar(select(AccessCode.code).filter_by(survey_id=survey.id,
                                                              household_id=household.id))


def _paper_probe(client, period, household) -> str:
    """What paper entry tells staff about a household that has answered."""
    definition = services.definition_of(db.session.scalar(select(Survey).filter_by(
        period_id=period.id)))
    data = {"building": household.building_id, "unit": household.unit, "room": household.room,
            **all_answers(definition)}
    response = client.post(_url(period) + "/paper", data=data, follow_redirects=True)
    assert response.status_code == 400
    return response.get_data(as_text=True)


def _flash(page: str) -> str:
    """The page's last flashed message (earlier ones may be left over from signing in)."""
    return re.findall(r'class="flash[^"]*"[^>]*>(.*?)</', page, re.S)[-1].strip()


def _export_rows(client, period) -> list[list[str]]:
    raw = download(client, _url(period) + "/export.csv")
    assert raw.status_code == 200
    return list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))


def _answer(app, survey, household, **answers):
    owner = app.test_client()
    definition = services.definition_of(survey)
    response = owner.post(f"/c/{_code(survey, household)}/all",
                          data=all_answers(definition, **answers))
    assert response.status_code == 302


def test_staff_pages_and_exports_do_not_link_households_to_answers(app, as_role, community,
                                                                   period, owner_version):
    homes = community.buildings[0].households[:4]
    answer_sets = [dict(likert="5", nps="10"), dict(likert="1", nps="0"),
                   dict(likert="3", nps="6"), dict(likert="2", nps="4")]
    second = make_period(community, label="2027-Q1")
    db.session.commit()
    first_survey = make_survey(period, owner_version)
    second_survey = make_survey(second, owner_version)
    # the same households answer in both surveys, with the answers given to other households
    # and in the opposite order
    for home, answers in zip(homes, answer_sets, strict=True):
        _answer(app, first_survey, home, **answers)
    for home, answers in zip(reversed(homes), answer_sets, strict=True):
        _answer(app, second_survey, home, **answers)
    staff = as_role("staff")
    exports = [_export_rows(staff, p) for p in (period, second)]
    assert exports[0] == exports[1]  # order and content: nothing follows the households
    assert not any(TIME.search(cell) for row in exports[0] for cell in row[:3])
    assert "提交日期" not in exports[0][0]
    probes = {_flash(_paper_probe(staff, p, h)) for p in (period, second) for h in homes}
    assert len(probes) == 1 and "已填写" in probes.pop()
    pages = [staff.get(_url(p)).get_data(as_text=True) for p in (period, second)]
    for page in pages:
        assert not re.search(r"\d{1,2}:\d{2}", page.split("<main", 1)[-1].split("id=\"codes\"")[0])


def test_no_code_row_and_response_row_share_a_time_or_an_order(app, survey, community):
    columns = {t: {c["name"]: c["type"] for c in inspect(db.engine).get_columns(t)}
               for t in ("survey_access_code", "survey_response", "survey_answer")}
    # a response keeps no time at all; a code keeps the day only
    assert not [n for n, t in columns["survey_response"].items()
                if isinstance(t, Date | DateTime)]
    assert not [n for n, t in columns["survey_answer"].items() if isinstance(t, Date | DateTime)]
    code_times = [n for n, t in columns["survey_access_code"].items()
                  if isinstance(t, Date | DateTime)]
    assert code_times == ["used_on"] and not isinstance(
        columns["survey_access_code"]["used_on"], DateTime)
    homes = [h for b in community.buildings for h in b.households][:10]
    order = []
    for home in homes:  # one after the other, as owners would
        _answer(app, survey, home)
        order.append(services.household_key(survey.id, home.id))
    ids = dict(db.session.execute(select(Response.household_key, Response.id)).all())
    in_submission_order = [ids[key] for key in order]
    assert in_submission_order != sorted(in_submission_order)
    assert in_submission_order != sorted(in_submission_order, reverse=True)
    first_answer = dict(db.session.execute(
        select(Answer.response_id, func.min(Answer.id)).group_by(Answer.response_id)).all())
    answers_order = [first_answer[i] for i in in_submission_order]
    assert answers_order != sorted(answers_order)
    assert all(i > 2 ** 40 for i in in_submission_order)  # random 63-bit keys, not 1, 2, 3
    used = db.session.scalars(select(AccessCode.used_on).where(AccessCode.used_on.is_not(None)))
    assert all(type(day).__name__ == "date" for day in used)


def test_owner_and_staff_see_only_already_answered(app, as_role, survey, period, community):
    home = community.buildings[0].households[0]
    _answer(app, survey, home)
    stop = app.test_client().get(f"/c/{_code(survey, home)}").get_data(as_text=True)
    assert "已填写" in stop and not re.search(r"\d{1,2}:\d{2}", stop)
    message = _flash(_paper_probe(as_role("staff"), period, home))
    assert "已填写" in message and not TIME.search(message)


def test_paper_entry_on_a_closed_survey_is_refused_before_any_household_is_looked_up(
        app, as_role, survey, period, community):
    answered, fresh = community.buildings[0].households[:2]
    _answer(app, survey, answered)
    survey.status = "closed"
    db.session.commit()
    staff = as_role("staff")
    messages = {_flash(_paper_probe(staff, period, h)) for h in (answered, fresh)}
    assert len(messages) == 1  # the same for both: a closed survey tells nothing
    message = messages.pop()
    assert "已结束" in message and "已填写" not in message
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_no_log_line_carries_a_code(app, tmp_path):
    import logging

    from gunicorn.config import Config

    from survey_app.logredact import GunicornLogger, redact

    assert redact('"GET /c/ABCD2345/2 HTTP/1.1" 200 "https://x/c/ABCD2345/1"') == \
        '"GET /c/[code]/2 HTTP/1.1" 200 "https://x/c/[code]/1"'
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    werkzeug = logging.getLogger("werkzeug")
    handler = Keep()
    werkzeug.addHandler(handler)
    try:
        werkzeug.warning('%s - - "%s" %s', "127.0.0.1", "GET /c/ZZZZ9999 HTTP/1.1", "200")
    finally:
        werkzeug.removeHandler(handler)
    assert records and "ZZZZ9999" not in records[0] and "/c/[code]" in records[0]
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    logger = GunicornLogger(config)
    logger.access_log.info('"GET /c/QQQQ7777/all HTTP/1.1" 302')
    logger.error("Error handling request /c/QQQQ7777/1")
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    written = (tmp_path / "access.log").read_text() + (tmp_path / "error.log").read_text()
    assert "QQQQ7777" not in written and written.count("/c/[code]") == 2
    from survey_app import serving

    assert serving.logger_class == "survey_app.logredact.GunicornLogger"
