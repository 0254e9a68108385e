"""METHOD M10 KPIs of a period, computed by ``survey_app.stats.kpi`` on the loaded tickets."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..stats.kpi import compute_kpis
from ..stats.result import KPIResult
from .data import load_ticket_data

#: (KPISet attribute, label) of all tickets together: neutral names, since a complaint is
#: not a repair (办结率, not 维修完成率)
KPI_ROWS = (
    ("response_timeliness", _l("Response timeliness")),
    ("dispatch_timeliness", _l("Dispatch timeliness")),
    ("completion_rate", _l("Completion rate")),
    ("on_time_completion", _l("On-time completion")),
    ("callback_satisfaction", _l("Callback satisfaction")),
)
#: repairs in the seeds' terms: 报修响应及时率, 派工及时率, 维修完成率, 一次维修合格率 …
REPAIR_ROWS = (
    ("response_timeliness", _l("Repair response timeliness")),
    ("dispatch_timeliness", _l("Dispatch timeliness")),
    ("onsite_timeliness", _l("On-site timeliness")),
    ("completion_rate", _l("Repair completion rate")),
    ("on_time_completion", _l("On-time repair completion")),
    ("first_time_fix", _l("First-time fix rate")),
    ("callback_satisfaction", _l("Callback satisfaction")),
)
#: complaints: 投诉响应及时率, 投诉办结率, 投诉处理及时率, 回访满意率
COMPLAINT_ROWS = (
    ("response_timeliness", _l("Complaint response timeliness")),
    ("completion_rate", _l("Complaint resolution rate")),
    ("on_time_completion", _l("Complaint handling timeliness")),
    ("callback_satisfaction", _l("Callback satisfaction")),
)
ROWS_BY_TYPE = {"repair": REPAIR_ROWS, "complaint": COMPLAINT_ROWS}
TYPE_TITLES = {"repair": _l("Repairs"), "complaint": _l("Complaints")}


def kpi_sections(result: KPIResult | None) -> list[dict]:
    """The KPI blocks a page shows: repairs and complaints apart, each rate named in its own
    terms, then all tickets; a result stored before the split shows all tickets only."""
    if result is None:
        return []
    sections = [{"key": kind, "title": TYPE_TITLES[kind], "set": result.by_type[kind],
                 "rows": ROWS_BY_TYPE[kind]}
                for kind in ("repair", "complaint") if kind in (result.by_type or {})]
    sections.append({"key": "all", "title": _l("All tickets"), "set": result.overall,
                     "rows": KPI_ROWS})
    return sections


def period_kpis(period_id: int) -> KPIResult | None:
    """KPIs overall, per dimension and per department; None when no ticket was received."""
    data = load_ticket_data(period_id)
    return compute_kpis(data) if data is not None else None
