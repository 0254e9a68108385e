"""Who holds an open ticket at its current step (PIPL: the owner's name and phone are shown
in full to them only, masked to everyone else).

The service centre (客服中心: every account that handles tickets in the community) holds a
ticket while it is registered, classified, reopened or completed and awaiting the callback
回访, because those steps are phone calls. Once dispatched, the department holds it: the
accounts its escalation chain names as workers or head for that department, and the account
that dispatched it. A department whose chain names no account leaves the ticket with the
service centre, so that somebody can always call the owner back.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import TicketEvent

#: steps at which the service centre, not the department, is the one to call the owner
SERVICE_DESK_STATUSES = ("registered", "classified", "reopened", "completed")
DEPARTMENT_LEVELS = ("worker", "department_head")


def contact_holders(ticket) -> set[int] | None:
    """Account ids that hold the ticket now; None means the whole service centre, an empty
    set means nobody (a closed ticket)."""
    if ticket.status == "closed":
        return set()
    if ticket.status in SERVICE_DESK_STATUSES or not ticket.department:
        return None
    department = _department_accounts(ticket.community_id, ticket.department)
    if not department:
        return None
    return department | _dispatchers(ticket)


def _department_accounts(community_id: int, department: str) -> set[int]:
    from ..notifications.hooks import chain_members

    return {user.id for level in DEPARTMENT_LEVELS
            for user in chain_members(community_id, level, department) if user.active}


def _dispatchers(ticket) -> set[int]:
    """The account of the latest dispatch: it assigned the work and answers for it."""
    user_id = db.session.scalar(
        select(TicketEvent.user_id).where(TicketEvent.ticket_id == ticket.id,
                                          TicketEvent.kind == "dispatched")
        .order_by(TicketEvent.id.desc()).limit(1))
    return {user_id} if user_id else set()
