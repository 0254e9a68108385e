"""Demo data: the quarters the demo marks as published are on the notice board (公示)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..acts.models import ActProposal
from ..extensions import db
from ..results import records
from .models import Publication
from .services import public_summary

NOTE = "欢迎业主监督。对测评结果或整改情况有疑问，请到物业服务中心或联系业委会。"


def seed(context) -> str:
    """A publication for every period whose status is 'published', dated after its end."""
    published = [p for p in context.periods if p.status == "published"]
    for period in published:
        at = datetime.combine(period.end_date, datetime.min.time()) + timedelta(days=12, hours=2)
        record = records.current_record(period)
        proposal = db.session.scalar(select(ActProposal).filter_by(
            period_id=period.id, kind="publish", status="confirmed"))
        db.session.add(Publication(period_id=period.id, community_id=period.community_id,
                                   summary=public_summary(period), note=NOTE,
                                   published_by_id=context.users["committee"].id,
                                   published_at=at,
                                   proposal_id=proposal.id if proposal else None,
                                   record_id=record.id if record else None))
    db.session.flush()
    return f"{len(published)} quarters on the notice board: " + ", ".join(
        p.label for p in published)
