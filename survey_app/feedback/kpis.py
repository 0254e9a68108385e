"""METHOD M10 KPIs of a period, computed by ``survey_app.stats.kpi`` on the loaded tickets."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..stats.kpi import compute_kpis
from ..stats.result import KPIResult
from .data import load_ticket_data

#: (KPISet attribute, label, Chinese term used in the seeds)
KPI_ROWS = (
    ("response_timeliness", _l("Response timeliness")),
    ("dispatch_timeliness", _l("Dispatch timeliness")),
    ("completion_rate", _l("Completion rate")),
    ("on_time_completion", _l("On-time completion")),
    ("first_time_fix", _l("First-time fix rate")),
    ("callback_satisfaction", _l("Callback satisfaction")),
)


def period_kpis(period_id: int) -> KPIResult | None:
    """KPIs overall, per dimension and per department; None when no ticket was received."""
    data = load_ticket_data(period_id)
    return compute_kpis(data) if data is not None else None
