"""The report's owner appendix from one SQL aggregate equals the item statistics computed on
the survey loader's arrays; its fingerprint changes when any single answer changes."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.reports import items, owner_sql
from survey_app.surveys.data import load_owner_data
from survey_app.surveys.models import Answer, Response


@pytest.fixture
def answered(scored, commented):
    """Likert answers (some 不适用, some blank) for the four responses of `commented`."""
    rng = random.Random(3)
    definition = owner_sql.owner_histogram(scored.id).definition
    likert = [i.id for i in definition.items() if i.type == "likert" and i.role != "overall"]
    for response_id in db.session.scalars(select(Response.id).filter_by(period_id=scored.id)):
        for item in likert:
            roll = rng.random()
            db.session.add(Answer(response_id=response_id, item_id=item, is_na=roll < 0.1,
                                  value=None if roll < 0.15 else float(rng.randint(1, 5))))
    db.session.commit()
    return scored


def test_histogram_items_match_the_loader(answered):
    hist = owner_sql.owner_histogram(answered.id)
    from_sql = owner_sql.owner_items(hist)
    from_arrays = items.owner_items(load_owner_data(answered.id))
    assert [r["item"] for r in from_sql] == [r["item"] for r in from_arrays]
    for a, b in zip(from_sql, from_arrays, strict=True):
        assert a["n"] == b["n"] and a["dimension"] == b["dimension"]
        assert a["score"] == pytest.approx(b["score"]) if b["n"] else a["score"] is None
        assert a["satisfaction"] == pytest.approx(b["satisfaction"]) if b["n"] else True


def test_fingerprint_follows_every_answer(answered):
    before = owner_sql.owner_histogram(answered.id).digest()
    assert owner_sql.owner_histogram(answered.id).digest() == before
    first, second = db.session.scalars(select(Answer).where(
        Answer.item_id == "cl1", Answer.value.is_not(None)).order_by(Answer.id).limit(2))
    if first.value == second.value:
        second.value = 1.0 if first.value != 1 else 2.0
    first.value, second.value = second.value, first.value  # same histogram, swapped owners
    db.session.commit()
    assert owner_sql.owner_histogram(answered.id).digest() != before
