"""Answer vectors: what is packed, in which order, and how blanks and 不适用 come back."""

from __future__ import annotations

import numpy as np

from survey_app.questionnaires.schema import Definition
from survey_app.surveys import vectors
from survey_app.surveys.questions import Parsed


def _definition() -> Definition:
    likert = {"type": "likert", "text": {"zh_CN": "题"}}
    return Definition.model_validate({
        "key": "v", "version": "1", "kind": "owner_survey", "title": {"zh_CN": "问卷"},
        "dimensions": [{"key": "cleaning", "label": {"zh_CN": "清洁卫生"}}],
        "sections": [{"id": "s", "title": {"zh_CN": "一"}, "dimension": "cleaning", "items": [
            {"id": "nps", "type": "nps", "text": {"zh_CN": "推荐"}},
            {**likert, "id": "a"},
            {"id": "note", "type": "text", "text": {"zh_CN": "意见"}},
            {**likert, "id": "overall", "role": "overall"},
            {**likert, "id": "b"}]}]})


def test_order_is_likert_then_overall_then_nps():
    assert vectors.scored_item_ids(_definition()) == ("a", "b", "overall", "nps")


def test_round_trip_keeps_values_blanks_and_not_applicable():
    definition = _definition()
    first = vectors.pack_for(definition, {"a": Parsed(5.0), "b": Parsed(is_na=True),
                                          "nps": Parsed(0.0), "note": Parsed(text="好")})
    second = vectors.pack_for(definition, {"b": Parsed(1.0), "overall": Parsed(3.0)})
    assert vectors.fits(first, 4) and not vectors.fits(first, 5) and not vectors.fits(None, 4)
    matrix = vectors.unpack([first, memoryview(second)], 4)
    np.testing.assert_array_equal(matrix, [[5, vectors.NOT_APPLICABLE, np.nan, 0],
                                           [np.nan, 1, 3, np.nan]])


def test_pack_rows_groups_bulk_rows_by_response():
    rows = [{"response_id": 7, "item_id": "a", "value": 2.0, "is_na": False},
            {"response_id": 7, "item_id": "b", "value": None, "is_na": True},
            {"response_id": 9, "item_id": "nps", "value": 10.0, "is_na": False}]
    packed = vectors.pack_rows(_definition(), rows)
    np.testing.assert_array_equal(vectors.unpack([packed[7], packed[9]], 4),
                                  [[2, -1, np.nan, np.nan], [np.nan, np.nan, np.nan, 10]])


def test_unpack_all_marks_rows_without_a_usable_vector():
    definition = _definition()
    good = vectors.pack_for(definition, {"a": Parsed(4.0)})
    matrix, packed = vectors.unpack_all([good, None, good[:8], good], 4)
    assert packed.tolist() == [True, False, False, True]
    assert matrix[0, 0] == matrix[3, 0] == 4 and np.isnan(matrix[1:3]).all()
    matrix, packed = vectors.unpack_all([good, good], 4)
    assert packed.all() and matrix.flags.writeable and matrix.shape == (2, 4)
