"""The owner-survey part of a report's appendix and inputs hash, from one SQL aggregate.

The results service already scored the period (numbers.py); the report only needs per-item
counts and a fingerprint of the answers. Loading 50,000 responses × 28 answers as rows into
Python to get them costs seconds, while a GROUP BY over (item, value, 不适用) returns at most
a few hundred rows: the item statistics follow exactly from that histogram, and the sums of
response ids per cell make the fingerprint change whenever any owner's answer changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
from sqlalchemy import BigInteger, cast, func, select

from ..extensions import db
from ..stats.items import likert_to_score, satisfied_mask


@dataclass(frozen=True)
class OwnerHistogram:
    """Counts of each (item, value, 不适用) among the period's submitted answers."""

    definition: object
    item: list[str]
    value: np.ndarray  # float, NaN for a blank value
    is_na: np.ndarray  # bool
    count: np.ndarray  # int
    id_sum: np.ndarray  # sum of response ids in the cell
    id_square_sum: np.ndarray  # sum of squared (id mod a prime): an order-free fingerprint

    def digest(self) -> str:
        """sha256 of the whole histogram (the owner part of the inputs hash)."""
        rows = sorted(zip(self.item, np.nan_to_num(self.value, nan=-1.0).tolist(),
                          self.is_na.tolist(), self.count.tolist(), self.id_sum.tolist(),
                          self.id_square_sum.tolist(), strict=True))
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def owner_histogram(period_id: int) -> OwnerHistogram | None:
    """The period's answer histogram, or None without a survey or submitted answers."""
    from ..surveys.models import Answer, Response, Survey

    survey = db.session.scalar(select(Survey).filter_by(period_id=period_id))
    if survey is None:
        return None
    # squares of the id modulo a prime: the sums stay far inside 64-bit integers on both
    # SQLite (which raises on overflow) and PostgreSQL (int4 × int4 would overflow)
    folded = cast(Answer.response_id % 1_000_003, BigInteger)
    rows = db.session.execute(
        select(Answer.item_id, Answer.value, Answer.is_na, func.count(),
               func.sum(Answer.response_id), func.sum(folded * folded))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.survey_id == survey.id, Response.status == "submitted",
               Answer.text.is_(None))
        .group_by(Answer.item_id, Answer.value, Answer.is_na)).all()
    if not rows:
        return None
    cols = list(zip(*rows, strict=True))
    return OwnerHistogram(
        definition=survey.questionnaire.parsed, item=list(cols[0]),
        value=np.array([np.nan if v is None else float(v) for v in cols[1]]),
        is_na=np.array(cols[2], dtype=bool), count=np.array(cols[3], dtype=np.int64),
        id_sum=np.array(cols[4], dtype=np.int64),
        id_square_sum=np.array(cols[5], dtype=np.int64))


def owner_items(hist: OwnerHistogram | None) -> list[dict]:
    """Per Likert item in questionnaire order: valid answers, mean score 0–100, satisfaction."""
    if hist is None:
        return []
    definition = hist.definition
    item_of = np.array(hist.item, dtype=object)
    value = np.where(hist.is_na, np.nan, hist.value)
    rows = []
    for section in definition.sections:
        for item in section.items:
            if item.type != "likert" or item.role == "overall":
                continue
            k = definition.points_of(item)
            mine = item_of == item.id
            scores = likert_to_score(value[mine], k)
            ok = np.isfinite(scores)
            weights = hist.count[mine][ok]
            n = int(weights.sum())
            satisfied = int(hist.count[mine][satisfied_mask(value[mine], k)].sum())
            rows.append({"item": item.id, "dimension": item.dimension or section.dimension or "",
                         "n": n,
                         "score": float(np.average(scores[ok], weights=weights)) if n else None,
                         "satisfaction": satisfied / n if n else None})
    return rows
