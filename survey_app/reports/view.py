"""Turn a period's result dict into what the dashboard, the PDF and the notice board show.

Only reading and arranging here: every number comes from ``PeriodResult.to_dict()``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _

from ..i18n import text_for
from . import charts

SOURCES = ("owner", "inspection", "third_party", "kpi")


def lang() -> str:
    """'zh_CN' or 'en': the key of label maps for the current locale."""
    return "en" if str(get_locale() or "zh_CN").startswith("en") else "zh_CN"


def label(text_map, language: str | None = None) -> str:
    """A scheme label map ({'zh_CN': …, 'en': …}) in the language (i18n.text_for)."""
    return text_for(text_map, language or lang())


def source_labels() -> dict[str, str]:
    """Translated names of the sources and of the combined score."""
    return {"owner": _("Owner survey"), "inspection": _("Joint inspection"),
            "third_party": _("Third-party assessment"), "kpi": _("Ticket KPIs"),
            "combined": _("Combined")}


def quadrant_labels() -> dict[str, str]:
    """Translated IPA quadrant names and axis labels."""
    return {"concentrate_here": _("Concentrate here"),
            "keep_up_good_work": _("Keep up the good work"),
            "low_priority": _("Low priority"), "possible_overkill": _("Possible overkill"),
            "performance": _("Performance (owner score)"), "importance": _("Importance")}


def ipa_advice(quadrant: str) -> str:
    """The recommendation that goes with an IPA quadrant."""
    return {
        "concentrate_here": _("Owners care a lot and are not satisfied: improve this first."),
        "keep_up_good_work": _("Important and done well: keep the current standard."),
        "low_priority": _("Less important and weaker: improve when resources allow."),
        "possible_overkill": _("Done well but matters less to owners: check the effort spent."),
    }.get(quadrant, "")


def finite(x) -> bool:
    """True for a real number (None and NaN are missing)."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


@dataclass
class DimensionRow:
    """One dimension's line in the results table."""

    key: str
    label: str
    weight: float | None
    scores: dict[str, float | None]
    combined: float | None
    combined_ci: tuple | None
    owner_ci: tuple | None
    satisfaction: float | None
    satisfaction_ci: tuple | None
    n: int
    alpha: float | None
    missing: list[str]
    grade: str
    delta: dict | None


@dataclass
class PeriodView:
    """Everything a page or the PDF shows for one period."""

    result: dict
    language: str
    composite: float | None
    composite_ci: tuple | None
    grade: str
    rows: list[DimensionRow]
    strongest: DimensionRow | None
    weakest: DimensionRow | None
    changes: list[DimensionRow]
    ipa: list[dict]
    groups: list[dict]
    charts: dict[str, str] = field(default_factory=dict)

    def get(self, key, default=None):
        """A top-level part of the result dict (sample, nps, inspection, kpis …)."""
        return self.result.get(key) or default


def grade_label(result: dict, grade_key: str | None) -> str:
    """The label of a grade band key under the result's scheme."""
    for band in result.get("scheme", {}).get("bands", []):
        if band.get("key") == grade_key:
            return label(band.get("label"))
    return grade_key or "—"


def _row(result: dict, key: str, dim: dict) -> DimensionRow:
    owner = dim.get("owner") or {}
    sat = owner.get("satisfaction") or {}
    alpha = owner.get("alpha") or {}
    return DimensionRow(
        key=key, label=label(dim.get("label")), weight=dim.get("weight"),
        scores=dict(dim.get("sources") or {}), combined=dim.get("combined"),
        combined_ci=_ci(dim.get("combined_ci")), owner_ci=_ci(owner.get("ci")),
        satisfaction=sat.get("rate"), satisfaction_ci=_ci(sat.get("ci")),
        n=owner.get("n") or 0, alpha=alpha.get("alpha"),
        missing=list(dim.get("sources_missing") or []),
        grade=grade_label(result, dim.get("grade")),
        delta=(result.get("deltas") or {}).get(key))


def _ci(value) -> tuple | None:
    if value and len(value) == 2 and finite(value[0]) and finite(value[1]):
        return (value[0], value[1])
    return None


def build(result: dict, trend: list[tuple[str, dict]] | None = None,
          with_charts: bool = True) -> PeriodView:
    """The view of one period's result; ``trend`` = [(period label, result dict)] oldest first."""
    rows = [_row(result, key, dim) for key, dim in (result.get("dimensions") or {}).items()]
    scored = [r for r in rows if finite(r.combined)]
    comp = result.get("composite") or {}
    view = PeriodView(
        result=result, language=lang(), composite=comp.get("score"),
        composite_ci=_ci(comp.get("ci")), grade=grade_label(result, comp.get("grade")),
        rows=rows,
        strongest=max(scored, key=lambda r: r.combined) if scored else None,
        weakest=min(scored, key=lambda r: r.combined) if scored else None,
        changes=[r for r in rows if r.delta and r.delta.get("significant")],
        ipa=_ipa_rows(result, rows), groups=_group_rows(result, rows))
    if with_charts:
        view.charts = make_charts(view, trend or [])
    return view


def _ipa_rows(result: dict, rows: list[DimensionRow]) -> list[dict]:
    labels = {r.key: r.label for r in rows}
    names = quadrant_labels()
    points = (result.get("ipa") or {}).get("points") or []
    return [{"dimension": labels.get(p["dimension"], p["dimension"]),
             "performance": p["performance"], "importance": p["importance"],
             "quadrant": p["quadrant"], "quadrant_label": names.get(p["quadrant"], ""),
             "advice": ipa_advice(p["quadrant"])} for p in points]


def _group_rows(result: dict, rows: list[DimensionRow]) -> list[dict]:
    groups = result.get("groups") or {}
    return [{"name": name, "n": g.get("n"), "households": g.get("households"),
             "response_rate": g.get("response_rate"),
             "scores": [(g.get("scores") or {}).get(r.key) for r in rows]}
            for name, g in sorted(groups.items(), key=lambda kv: _natural(kv[0]))]


def _natural(text: str):
    """Sort '2号楼' before '10号楼'."""
    import re

    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(text))]


def make_charts(view: PeriodView, trend: list[tuple[str, dict]]) -> dict[str, str]:
    """The SVG charts of a period (dimension bars, trend, IPA, buildings)."""
    out = {}
    if view.rows:
        out["dimensions"] = dimension_svg(view)
    if len(trend) >= 2:
        out["trend"] = trend_svg(view, trend)
    if view.ipa:
        ipa = view.result.get("ipa") or {}
        points = [charts.IPAPointView(p["dimension"], p["performance"], p["importance"],
                                      p["quadrant"]) for p in view.ipa]
        out["ipa"] = charts.ipa_chart(points, ipa.get("performance_split"),
                                      ipa.get("importance_split"), quadrant_labels(),
                                      _("Importance–performance analysis"))
    if view.groups:
        out["buildings"] = charts.building_chart(
            [g["name"] for g in view.groups], [r.label for r in view.rows],
            [g["scores"] for g in view.groups], _("Owner scores by building"))
    return out


def dimension_svg(view: PeriodView) -> str:
    """Bars per dimension and source with 95 % intervals."""
    bars = []
    for r in view.rows:
        scores = {s: r.scores.get(s) for s in SOURCES}
        scores["combined"] = r.combined
        bars.append(charts.Bar(r.label, scores, {"owner": r.owner_ci,
                                                 "combined": r.combined_ci}))
    names = source_labels()
    return charts.dimension_chart(bars, names, _("Dimension scores by source"),
                                  _("Score (0–100); whiskers: 95% confidence interval"))


def trend_svg(view: PeriodView, trend: list[tuple[str, dict]]) -> str:
    """Composite and dimensions over periods, significant changes ringed."""
    labels = [name for name, _r in trend]
    series = [charts.TrendSeries(_("Composite index"),
                                 [(r.get("composite") or {}).get("score") for _n, r in trend],
                                 [False] * len(trend), "composite")]
    for row in view.rows:
        values, flags = [], []
        for _n, r in trend:
            dim = (r.get("dimensions") or {}).get(row.key) or {}
            values.append(dim.get("combined"))
            flags.append(bool(((r.get("deltas") or {}).get(row.key) or {}).get("significant")))
        series.append(charts.TrendSeries(row.label, values, flags, row.key))
    return charts.trend_chart(labels, series, _("Trend over periods"),
                              _("Ringed points: significant change from the previous period "
                                "(Mann–Whitney U, p < 0.05)"))
