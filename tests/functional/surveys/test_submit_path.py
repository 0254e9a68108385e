"""The single-page submission's driver-level path (submitting.py): every part written once,
in the right transaction on each engine."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from survey_app.communities.models import Period
from survey_app.extensions import db
from survey_app.surveys import answering, services, vectors
from survey_app.surveys.models import AccessCode, Answer, Response
from tests.fixtures.surveys import all_answers, codes_of

# quotes, a backslash, a line break, braces and commas: the answers travel as JSON (PostgreSQL)
AWKWARD = '物业说："电梯\\坏了" {修,好}\n明天？'


def _count(model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def _as_lists(form: dict) -> dict[str, list[str]]:
    return {name: [value] for name, value in form.items()}


def test_fresh_submission_writes_every_part_once(client, survey, period):
    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    before = db.session.get(Period, period.id).data_version
    db.session.commit()
    response = client.post(f"/c/{code}/all",
                           data=all_answers(definition, likert="3", comment=AWKWARD))
    assert response.status_code == 302 and response.headers["Location"].endswith("/done")
    db.session.expire_all()
    assert db.session.get(Period, period.id).data_version == before + 1
    assert db.session.scalar(select(AccessCode.used_on).filter_by(code=code)) is not None
    stored = db.session.scalar(select(Response).filter_by(status="submitted"))
    assert stored.channel == "web" and stored.duration_seconds is not None
    rows = {a.item_id: a for a in db.session.scalars(select(Answer))}
    assert len(rows) == 28
    assert rows["comment"].text == AWKWARD and rows["comment"].value is None
    assert rows["cl1"].value == 3 and rows["cl1"].text is None and rows["cl1"].is_na is False
    assert rows["nps"].value == 8
    assert stored.answer_vector == vectors.pack_for(definition, rows)
    assert client.get(f"/c/{code}/done").status_code == 200


def test_with_a_transaction_open_the_submission_joins_it(survey, period):
    """then_commit never commits work of the caller: with a transaction open it is joined."""
    definition = services.definition_of(survey)
    code = codes_of(survey)[1]
    db.session.commit()
    ticket = answering.ticket_for_code(code)
    db.session.execute(update(Period).where(Period.id == period.id).values(label="改过"))
    result = answering.submit_all(ticket, _as_lists(all_answers(definition)), then_commit=True)
    assert result.done
    db.session.rollback()
    assert _count(Response) == 0 and _count(Answer) == 0
    assert db.session.get(Period, period.id).label != "改过"
    assert db.session.scalar(select(AccessCode.used_on).filter_by(code=code)) is None


# real commits: on PostgreSQL the submission runs outside BEGIN when no transaction is open,
# which a test inside the rolled-back transaction never sees
@pytest.mark.usefixtures("real_commits")
def test_after_a_self_committing_submission_the_connection_is_transactional(
        survey, period, is_postgres):
    definition = services.definition_of(survey)
    code = codes_of(survey)[2]
    db.session.commit()  # nothing open: on PostgreSQL the submission commits by itself
    ticket = answering.ticket_for_code(code)
    result = answering.submit_all(ticket, _as_lists(all_answers(definition)), then_commit=True)
    assert result.done
    # the next write is inside a transaction again: a rollback undoes it
    db.session.execute(update(Period).where(Period.id == period.id).values(label="改过"))
    db.session.rollback()
    assert db.session.get(Period, period.id).label != "改过"
    # PostgreSQL: the one-statement submission was its own transaction; SQLite: the caller's
    # commit (which the owner route issues right away) is what would have kept it
    assert _count(Response, status="submitted") == (1 if is_postgres else 0)
    assert _count(Answer) == (28 if is_postgres else 0)


def test_paper_style_submissions_stay_in_the_callers_transaction(survey, period):
    """Without then_commit (paper import: all rows or none) nothing commits on its own."""
    definition = services.definition_of(survey)
    codes = codes_of(survey)[:3]
    db.session.commit()
    for code in codes:
        ticket = answering.ticket_for_code(code)
        assert answering.submit_all(ticket, _as_lists(all_answers(definition))).done
    db.session.rollback()
    assert _count(Response) == 0 and _count(Answer) == 0


def test_a_nul_character_in_a_text_answer_is_dropped_not_a_server_error(client, survey):
    definition = services.definition_of(survey)
    code = codes_of(survey)[3]
    response = client.post(f"/c/{code}/all", data=all_answers(definition, comment="坏\x00了"))
    assert response.status_code == 302
    assert db.session.scalar(select(Answer.text).filter_by(item_id="comment")) == "坏了"
