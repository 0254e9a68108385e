"""Presentation helpers of the owner pages: where the published result of a survey is."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from ..communities.models import Period
from ..extensions import db
from ..publishing.models import Publication


@dataclass(frozen=True)
class ResultLink:
    """The notice board of the survey's community, and whether its period is on it yet."""

    url: str
    published: bool


def result_link(survey) -> ResultLink | None:
    """Link from a closed survey to its period on the public notice board (公示)."""
    period_id = getattr(survey, "period_id", None)
    period = db.session.get(Period, period_id) if period_id else None
    if period is None:
        return None
    published = db.session.scalar(select(Publication.id).where(
        Publication.period_id == period.id, Publication.withdrawn_at.is_(None)).limit(1))
    anchor = f"period-{period.id}" if published else None
    return ResultLink(url_for("publishing.notice", community_id=period.community_id,
                              _anchor=anchor), published is not None)
