"""Demo data: the closed and published quarters were closed (and published) by both parties:
the company proposed, the owners' committee confirmed; each has its result of record."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..extensions import db
from . import services
from .models import ActProposal


def _confirmed(period, kind: str, proposer, confirmer, at: datetime, note: str = ""):
    """A proposal confirmed by the other party an hour after it was made."""
    proposal = ActProposal(community_id=period.community_id, period_id=period.id, kind=kind,
                           status="confirmed", note=note, proposed_by_id=proposer.id,
                           proposer_party="company", proposed_at=at,
                           confirmed_by_id=confirmer.id, confirmer_party="committee",
                           confirmed_at=at + timedelta(hours=1))
    db.session.add(proposal)
    db.session.flush()
    return proposal


def seed(context) -> str:
    """Results of record for every closed or published period, and its two-party acts."""
    staff, committee = context.users["staff"], context.users["committee"]
    done = []
    for period in context.periods:
        if period.status not in ("closed", "published"):
            continue
        at = datetime.combine(period.end_date, datetime.min.time()) + timedelta(days=10)
        proposal = _confirmed(period, "close", staff, committee, at)
        services.freeze_record(period, proposal, "")
        if period.status == "published":
            _confirmed(period, "publish", staff, committee, at + timedelta(days=2, hours=1))
        done.append(period.label)
    return "results of record (company proposed, committee confirmed): " + ", ".join(done)

