"""The report's inputs hash: the same data gives the same hash, any owner answer changes it."""

from __future__ import annotations

import random

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.results import hashing
from survey_app.stats.items import owner_items
from survey_app.surveys.data import load_owner_data
from survey_app.surveys.models import Answer, Response, Survey
from survey_app.surveys.services import definition_of


def _answer_likert(period) -> None:
    """Likert answers (some 不适用, some blank) for the responses of `commented`, as rows."""
    rng = random.Random(3)
    survey = db.session.scalar(select(Survey).filter_by(period_id=period.id))
    definition = definition_of(survey)
    likert = [i.id for i in definition.items() if i.type == "likert" and i.role != "overall"]
    for response_id in db.session.scalars(select(Response.id).filter_by(period_id=period.id)):
        for item in likert:
            roll = rng.random()
            db.session.add(Answer(response_id=response_id, item_id=item, is_na=roll < 0.1,
                                  value=None if roll < 0.15 else float(rng.randint(1, 5))))
    db.session.commit()


def test_inputs_hash_is_stable_and_follows_every_owner_answer(scored, commented):
    _answer_likert(scored)
    before = hashing.inputs_hash(scored, {"key": "default"})
    assert hashing.inputs_hash(scored, {"key": "default"}) == before
    assert hashing.inputs_hash(scored, {"key": "other"}) != before
    first, second = db.session.scalars(select(Answer).where(
        Answer.item_id == "cl1", Answer.value.is_not(None)).order_by(Answer.id).limit(2))
    if first.value == second.value:
        second.value = 1.0 if first.value != 1 else 2.0
    first.value, second.value = second.value, first.value  # same counts, swapped owners
    db.session.commit()
    assert hashing.inputs_hash(scored, {"key": "default"}) != before


def test_owner_item_table_counts_valid_answers_only(scored, commented):
    _answer_likert(scored)
    rows = owner_items(load_owner_data(scored.id))
    answers = db.session.scalars(select(Answer).where(Answer.item_id == "cl1")).all()
    valid = [a.value for a in answers if not a.is_na and a.value is not None]
    cl1 = next(r for r in rows if r.item == "cl1")
    assert cl1.n == len(valid) and cl1.dimension == "cleaning"
    assert cl1.score == (sum(25 * (v - 1) for v in valid) / len(valid) if valid else None)
