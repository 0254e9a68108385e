"""load_owner_data against a hand-built case."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from survey_app.communities.models import Household
from survey_app.extensions import db
from survey_app.surveys import answering, services
from survey_app.surveys.data import load_owner_data
from tests.fixtures.surveys import all_answers


def _submit(survey, household, **answers):
    ticket = answering.Ticket(survey, household.id, household.building_id)
    form = {k: [v] if isinstance(v, str) else v
            for k, v in all_answers(services.definition_of(survey), **answers).items()}
    assert answering.submit_all(ticket, form).done


def _rows_of(survey, homes) -> list[int]:
    """The loader's row of each home's response: rows follow the (random) response ids."""
    from survey_app.surveys.models import Response

    ids = sorted(db.session.scalars(select(Response.id).filter_by(status="submitted")))
    by_key = dict(db.session.execute(select(Response.household_key, Response.id)).all())
    return [ids.index(by_key[services.household_key(survey.id, h.id)]) for h in homes]
    db.session.commit()


def test_no_survey_or_no_responses_gives_none(period, survey):
    assert load_owner_data(period.id + 999) is None
    assert load_owner_data(period.id) is None


def test_matrix_groups_overall_nps(period, survey, community):
    homes = list(db.session.scalars(select(Household).order_by(Household.id)))
    first, second = community.buildings[0].households[0], community.buildings[1].households[0]
    _submit(survey, first, likert="5", cl2="na", overall="4", nps="9")
    _submit(survey, second, likert="2", gr1="3", overall="2", nps="3", improve=["fees"])
    # an in-progress response is not counted
    answering.start(answering.Ticket(survey, homes[5].id, homes[5].building_id))
    db.session.commit()
    data = load_owner_data(period.id)
    assert data.n_respondents == 2
    assert data.item_ids[:3] == ("cl1", "cl2", "cl3") and len(data.item_ids) == 25
    assert data.item_dimensions[0] == "cleaning" and data.item_dimensions[-1] == "service"
    assert "overall" not in data.item_ids and "nps" not in data.item_ids
    rows = _rows_of(survey, [first, second])
    np.testing.assert_array_equal(data.values[rows[0], :3], [5, np.nan, 5])
    np.testing.assert_array_equal(data.values[rows[1], 4:6], [2, 3])
    np.testing.assert_array_equal(data.overall[rows], [4, 2])
    np.testing.assert_array_equal(data.nps[rows], [9, 3])
    assert list(data.groups[rows]) == ["1号楼", "2号楼"]
    assert data.households == 12 and data.group_households == {"1号楼": 6, "2号楼": 6}
    assert list(data.item_points) == [5] * 25 and list(data.item_weights) == [1.0] * 25
    assert data.overall_points == 5


def _statements_of(fn):
    """(fn's value, the SQL statements it ran)."""
    from sqlalchemy import event

    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        return fn(), statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_loader_reads_vectors_without_answer_rows(period, survey, community):
    for household in community.buildings[0].households:
        _submit(survey, household)
    period_id = period.id
    load_owner_data(period_id)  # the questionnaire definition is now cached
    db.session.expire_all()
    data, statements = _statements_of(lambda: load_owner_data(period_id))
    assert data.n_respondents == 6
    assert not [s for s in statements if "survey_answer" in s]
    assert len(statements) <= 4  # survey and version, respondents, household counts


def _same(a, b) -> None:
    for field in ("values", "overall", "nps"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert list(a.groups) == list(b.groups) and a.item_ids == b.item_ids


def test_responses_without_a_vector_are_read_from_their_answer_rows(period, survey,
                                                                     community):
    """Older responses (or direct inserts) have no vector: the same numbers, one more query."""
    from survey_app.surveys.models import Response

    homes = [h for b in community.buildings for h in b.households][:5]
    picks = [dict(likert="5", cl2="na", overall="4", nps="9"), dict(likert="2", gr1="3"),
             dict(likert="na", overall="1", nps="0"), dict(likert="3", se1="4"),
             dict(likert="4", cl1="1", nps="10")]
    for household, answers in zip(homes, picks, strict=True):
        _submit(survey, household, **answers)
    with_vectors = load_owner_data(period.id)
    assert with_vectors.n_respondents == 5
    stored = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert all(r.answer_vector for r in stored)
    for response in stored[1::2]:
        response.answer_vector = None
    db.session.commit()
    mixed, statements = _statements_of(lambda: load_owner_data(period.id))
    _same(mixed, with_vectors)
    assert len([s for s in statements if "survey_answer" in s]) == 1
    rows = _rows_of(survey, homes)
    assert np.isnan(mixed.values[rows[0], 1]) and np.isnan(mixed.values[rows[2]]).all()  # 不适用
    assert mixed.nps[rows[2]] == 0 and mixed.overall[rows[2]] == 1
