"""Presentation helpers for the acts pages: what a period's page and a preview page show."""

from __future__ import annotations

from ..communities.models import Period
from ..results import records
from . import services
from .forms import ProposeForm


def period_context(period: Period, user, form: ProposeForm | None = None) -> dict:
    """The period's acts page: status, record revisions, the pending proposal, what to do."""
    party = services.party_of(user, period.community_id)
    pending = services.pending(period.id)
    can_start = [kind for kind, statuses in services.STARTS_FROM.items()
                 if period.status in statuses]
    return {"period": period, "community": period.community, "party": party,
            "pending": pending, "records": records.records_of(period.id),
            "current": records.current_record(period),
            "proposals": services.proposals_of(period.id),
            "can_propose": can_start if party and pending is None else [],
            "form": form or ProposeForm()}


def may_confirm(proposal, user) -> bool:
    """Whether the user is of the other party than the proposer (the page offers Confirm)."""
    party = services.party_of(user, proposal.community_id)
    return party is not None and party != proposal.proposer_party
