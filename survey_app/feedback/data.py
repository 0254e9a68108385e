"""Source loader for the results service: a period's tickets as ``stats.inputs.TicketData``."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from ..communities.models import Period
from ..extensions import db
from ..stats.inputs import TicketData
from .clock import utc_range
from .models import SATISFIED_MIN, Ticket

COLUMNS = (Ticket.received_at, Ticket.acknowledged_at, Ticket.dispatched_at,
           Ticket.completed_at, Ticket.ack_due, Ticket.dispatch_due, Ticket.complete_due,
           Ticket.onsite_at, Ticket.onsite_due,
           Ticket.reopened_count, Ticket.callback_rating, Ticket.dimension, Ticket.department,
           Ticket.ticket_type)


def _times(values) -> np.ndarray:
    return np.array([np.datetime64(v, "s") if v is not None else np.datetime64("NaT", "s")
                     for v in values], dtype="datetime64[s]")


def load_ticket_data(period_id: int) -> TicketData | None:
    """Tickets received in the period (local dates), in one query; None when there are none.

    ``period_end`` is the end of the period's last local day in UTC: steps that happen later
    do not count for this period, and tickets still open then are pending or late (METHOD M10).
    """
    period = db.session.get(Period, period_id)
    if period is None:
        return None
    start, end = utc_range(period.start_date, period.end_date)
    rows = db.session.execute(select(*COLUMNS).where(
        Ticket.community_id == period.community_id, Ticket.received_at >= start,
        Ticket.received_at < end).order_by(Ticket.id)).all()
    if not rows:
        return None
    columns = list(zip(*rows, strict=True))
    received, ack, disp, comp, ack_due, disp_due, comp_due, onsite, onsite_due = (
        _times(c) for c in columns[:9])
    reopened_count, ratings, dimension, department, kind = columns[9:]
    callback = np.array([np.nan if r is None else float(r >= SATISFIED_MIN) for r in ratings])
    return TicketData(
        received=received, acknowledged=ack, dispatched=disp, completed=comp,
        ack_due=ack_due, dispatch_due=disp_due, complete_due=comp_due,
        reopened=np.array([n > 0 for n in reopened_count], dtype=bool), callback=callback,
        dimension=list(dimension), department=[d or None for d in department],
        period_end=np.datetime64(end, "s"), kind=list(kind), onsite=onsite,
        onsite_due=onsite_due)
