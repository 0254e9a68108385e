"""M10 feedback and repair KPIs per period (overall, per dimension, per department)."""
from __future__ import annotations

import numpy as np

from .inputs import TicketData
from .owner import proportion
from .result import KPIResult, KPISet, Proportion

DEFAULT_ACK_SLA = np.timedelta64(30, "m")       # acknowledge within 30 minutes
DEFAULT_DISPATCH_SLA = np.timedelta64(24, "h")  # on site within 24 hours (repairs)
DEFAULT_COMPLETE_SLA = None                     # no default completion deadline
_NAT = np.datetime64("NaT", "s")


def _happened(t: np.ndarray, period_end) -> np.ndarray:
    """Event timestamps, with events after the period end treated as not (yet) happened."""
    if period_end is None or np.isnat(period_end):
        return t
    return np.where(~np.isnat(t) & (t > period_end), _NAT, t)


def _due(due: np.ndarray, received: np.ndarray, default) -> np.ndarray:
    """SLA deadlines, filling NaT from received + default where a default exists."""
    if default is None:
        return due
    return np.where(np.isnat(due) & ~np.isnat(received), received + default, due)


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


def kpi_set(t: TicketData, rows: np.ndarray, conf: float = 0.95,
            ack_sla=DEFAULT_ACK_SLA, dispatch_sla=DEFAULT_DISPATCH_SLA,
            complete_sla=DEFAULT_COMPLETE_SLA) -> KPISet:
    """All M10 KPIs over the selected tickets."""
    pe = t.period_end
    rec = t.received
    ack, disp, comp = (_happened(x, pe) for x in (t.acknowledged, t.dispatched, t.completed))
    ack_due = _due(t.ack_due, rec, ack_sla)
    disp_due = _due(t.dispatch_due, rec, dispatch_sla)
    comp_due = _due(t.complete_due, rec, complete_sla)
    n = int(rows.sum())
    a_ok, a_n, pending = _timeliness(ack, ack_due, pe, rows)
    dispatched = rows & ~np.isnat(disp)
    d_ok, d_n, _ = _timeliness(disp, disp_due, None, dispatched)
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
    score = kpi_score(rates)
    return KPISet(n, *rates,
                  float(hours.mean()) if hours.size else None,
                  float(np.percentile(hours, 90)) if hours.size else None,
                  pending, score)


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
    """KPIs overall, per dimension and per department (SLA defaults overridable by keyword)."""
    allrows = np.ones(t.received.shape[0], dtype=bool)
    return KPIResult(kpi_set(t, allrows, conf, **sla), _by(t.dimension, t, conf, **sla),
                     _by(t.department, t, conf, **sla))
