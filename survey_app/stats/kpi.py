"""M10 feedback and repair KPIs per period (overall, per ticket type, dimension, department).

Response timeliness counts every ticket received: one still inside its window at the period
end is not (yet) on time and stays in the denominator (M10: "/ tickets received"); the
pending ones are also reported. Deadlines a ticket does not carry itself are filled only
where METHOD gives a default: acknowledge within 30 minutes (every type), on site within
24 hours (repairs only). Dispatch and completion have no default.
"""
from __future__ import annotations

import numpy as np

from .inputs import TicketData
from .owner import proportion
from .result import KPIResult, KPISet, Proportion

DEFAULT_ACK_SLA = np.timedelta64(30, "m")       # acknowledge within 30 minutes
DEFAULT_DISPATCH_SLA = None                     # no default dispatch deadline
DEFAULT_ONSITE_SLA = np.timedelta64(24, "h")    # on site within 24 hours (repairs only)
DEFAULT_COMPLETE_SLA = None                     # no default completion deadline
#: ticket types whose KPIs are reported on their own (M10: repairs and complaints apart)
SPLIT_TYPES = ("repair", "complaint")
_NAT = np.datetime64("NaT", "s")


def _happened(t: np.ndarray, period_end) -> np.ndarray:
    """Event timestamps, with events after the period end treated as not (yet) happened."""
    if period_end is None or np.isnat(period_end):
        return t
    return np.where(~np.isnat(t) & (t > period_end), _NAT, t)


def _due(due: np.ndarray, received: np.ndarray, default, where=None) -> np.ndarray:
    """SLA deadlines, filling NaT from received + default where a default exists (and,
    with ``where``, only on those rows)."""
    if default is None:
        return due
    fill = np.isnat(due) & ~np.isnat(received)
    if where is not None:
        fill &= where
    return np.where(fill, received + default, due)


def _timeliness(event: np.ndarray, due: np.ndarray, period_end, among: np.ndarray
                ) -> tuple[int, int, int]:
    """(on time, decided, pending) among rows: late if after due or still missing past due."""
    has_due = ~np.isnat(due)
    done = ~np.isnat(event)
    on_time = among & has_due & done & (np.where(done, event, due) <= due)
    late_done = among & has_due & done & ~on_time
    if period_end is None or np.isnat(period_end):
        late_missing = among & has_due & ~done
        pending = np.zeros_like(among)
    else:
        late_missing = among & has_due & ~done & (due < period_end)
        pending = among & has_due & ~done & ~(due < period_end)
    decided = on_time | late_done | late_missing
    return int(on_time.sum()), int(decided.sum()), int(pending.sum())


def _received_timeliness(event, due, period_end, among) -> tuple[int, int, int]:
    """(on time, tickets received with a deadline, pending): pending tickets stay in the
    denominator as not on time (M10 response timeliness = … / tickets received)."""
    on_time, decided, pending = _timeliness(event, due, period_end, among)
    return on_time, decided + pending, pending


def kpi_set(t: TicketData, rows: np.ndarray, conf: float = 0.95,
            ack_sla=DEFAULT_ACK_SLA, dispatch_sla=DEFAULT_DISPATCH_SLA,
            complete_sla=DEFAULT_COMPLETE_SLA, onsite_sla=DEFAULT_ONSITE_SLA) -> KPISet:
    """All M10 KPIs over the selected tickets."""
    pe = t.period_end
    rec = t.received
    ack, disp, comp = (_happened(x, pe) for x in (t.acknowledged, t.dispatched, t.completed))
    ack_due = _due(t.ack_due, rec, ack_sla)
    disp_due = _due(t.dispatch_due, rec, dispatch_sla)
    comp_due = _due(t.complete_due, rec, complete_sla)
    n = int(rows.sum())
    a_ok, a_n, pending = _received_timeliness(ack, ack_due, pe, rows)
    dispatched = rows & ~np.isnat(disp)
    d_ok, d_n, _ = _timeliness(disp, disp_due, None, dispatched)
    onsite_rate = _onsite(t, rows, comp, onsite_sla, conf)
    completed = rows & ~np.isnat(comp)
    c_ok, c_n, _ = _timeliness(comp, comp_due, None, completed)
    n_comp = int(completed.sum())
    ftf = int((completed & ~t.reopened).sum())
    cb = rows & np.isfinite(t.callback)
    cb_ok = int((cb & (t.callback == 1)).sum())
    timed = completed & ~np.isnat(rec)
    hours = (comp[timed] - rec[timed]).astype("timedelta64[s]").astype(np.int64) / 3600.0
    hours = hours[hours >= 0]  # completion before receipt is a data error, not a duration
    rates = [proportion(a_ok, a_n, conf), proportion(d_ok, d_n, conf),
             proportion(n_comp, n, conf), proportion(c_ok, c_n, conf),
             proportion(ftf, n_comp, conf), proportion(cb_ok, int(cb.sum()), conf)]
    score = kpi_score(rates + ([onsite_rate] if onsite_rate is not None else []))
    return KPISet(n, *rates,
                  float(hours.mean()) if hours.size else None,
                  float(np.percentile(hours, 90)) if hours.size else None,
                  pending, score, onsite_rate)


def _onsite(t: TicketData, rows: np.ndarray, completed: np.ndarray, default, conf: float
            ) -> Proportion | None:
    """On-site timeliness of repairs: on site within the deadline / repairs on site (a
    completed repair was on site); the 24 h default applies to repairs only. None when the
    slice has no repair with a deadline."""
    repair = np.array([k == "repair" for k in t.kind], dtype=bool)
    onsite = _happened(t.onsite, t.period_end)
    arrived = np.where(np.isnat(onsite), completed, onsite)
    due = _due(t.onsite_due, t.received, default, where=repair)
    among = rows & repair & ~np.isnat(arrived) & ~np.isnat(due)
    if not among.any():
        return None
    ok, n, _ = _timeliness(arrived, due, None, among)
    return proportion(ok, n, conf)


def kpi_score(rates: list[Proportion]) -> float | None:
    """KPI source score 0–100 = 100 × mean of the rates that are defined."""
    vals = [r.rate for r in rates if r.rate is not None]
    return 100.0 * float(np.mean(vals)) if vals else None


def _by(labels: np.ndarray, t: TicketData, conf: float, **sla) -> dict[str, KPISet]:
    """KPIs per distinct non-empty label."""
    keys = sorted({str(x) for x in labels if x is not None and x == x and str(x)})
    lab = np.array([None if x is None else str(x) for x in labels], dtype=object)
    return {k: kpi_set(t, lab == k, conf, **sla) for k in keys}


def compute_kpis(t: TicketData, conf: float = 0.95, **sla) -> KPIResult:
    """KPIs overall, per ticket type (repairs and complaints apart, M10), per dimension and
    per department (SLA defaults overridable by keyword)."""
    allrows = np.ones(t.received.shape[0], dtype=bool)
    kinds = np.array([None if k is None else str(k) for k in t.kind], dtype=object)
    by_type = {k: kpi_set(t, kinds == k, conf, **sla) for k in SPLIT_TYPES if (kinds == k).any()}
    return KPIResult(kpi_set(t, allrows, conf, **sla), _by(t.dimension, t, conf, **sla),
                     _by(t.department, t, conf, **sla), by_type)
