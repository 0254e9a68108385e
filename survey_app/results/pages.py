"""Presentation helpers for the results pages: labels, rows and the period view that the
dashboard and the PDF report show (arranging a PeriodResult; no statistics)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _

from ..errors import NotFound
from ..i18n import text_for
from ..stats import PeriodResult
from . import schemes, weighting
from .texts import flag_text, source_label


def requested_version(version_id: int | None, community_id: int):
    """The scheme version asked for in ?scheme=, else the community's active one."""
    if version_id is None:
        return schemes.active_version(community_id)
    version = schemes.get_version(version_id)
    if version is None:
        raise NotFound
    return version


def requested_record(period, revision: int | None):
    """The record revision asked for in ?revision=, else the period's current one (or None)."""
    from . import records

    if revision is None:
        return records.current_record(period)
    record = records.record_revision(period.id, revision)
    if record is None:
        raise NotFound(revision)
    return record


def scheme_tree(version) -> list[dict]:
    """Rows of the dimension tree with local and global weights, depth first."""
    scheme = schemes.scheme_of(version)
    global_w = _global_weights(scheme.dimensions, 1.0, {})
    rows = []

    def walk(nodes, level, parent):
        total = sum(n.weight for n in nodes) or 1.0
        for n in nodes:
            rows.append({"key": n.key, "label": schemes.label_text(n.label, n.key),
                         "level": level, "local": n.weight / total, "global": global_w[n.key],
                         "parent": parent, "leaf": not n.children})
            walk(n.children, level + 1, n.key)

    walk(scheme.dimensions, 1, weighting.ROOT)
    return rows


def _global_weights(nodes, parent: float, out: dict) -> dict:
    total = sum(n.weight for n in nodes) or 1.0
    for n in nodes:
        out[n.key] = parent * n.weight / total
        _global_weights(n.children, out[n.key], out)
    return out


def dim_labels(result) -> dict[str, str]:
    """Dimension and node key → label in the current language."""
    labels = {k: schemes.label_text(n.label, k) for k, n in result.nodes.items()}
    labels.update({k: schemes.label_text(d.label, k) for k, d in result.dimensions.items()})
    return labels


def result_view(result) -> dict:
    """What the results template needs beyond the result itself: labels and flag texts."""
    labels = dim_labels(result)
    warnings = [f for f in result.flags if f.level != "info"]
    notes = [f for f in result.flags if f.level == "info" and f.code != "source_missing"]
    has_tree = any(n.children for n in result.nodes.values())
    return {
        "labels": labels,
        "warnings": [flag_text(f, labels) for f in warnings],
        "notes": [flag_text(f, labels) for f in notes],
        "has_tree": has_tree,
        "tree": [n for n in result.nodes.values()] if has_tree else [],
        "source_label": source_label,
        "grade_label": {b["key"]: schemes.label_text(b["label"], b["key"])
                        for b in result.scheme.get("bands", [])},
    }


# --------------------------------------------------------------------------- period view


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
            "internal": _("Internal inspection"), "combined": _("Combined")}


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
    delta: object | None  # stats Delta: the owner-survey score's change and its tests (M9)
    #: the combined score's change since the previous period (no test: see docs/results.md)
    combined_change: float | None = None


@dataclass
class PeriodView:
    """Everything a page or the PDF shows for one period (charts are added by the caller)."""

    result: PeriodResult
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
    #: what a hidden group or cell shows, and the note that explains the rule
    too_few: str = ""
    cell_note: str = ""
    #: why the IPA grid's importance split cannot be acted on ('' when it can)
    ipa_note: str = ""
    #: the composite's change since the previous period, and that period's label
    composite_change: float | None = None
    previous_label: str = ""
    #: where the trend loses comparability (questionnaire items or dimensions changed)
    breaks: list[BreakNote] = field(default_factory=list)


@dataclass
class BreakNote:
    """A trend break in words: between which periods, and what changed in each source."""

    index: int  # trend position of the first period after the break
    before: str
    after: str
    lines: list[str]

    @property
    def headline(self) -> str:
        return _("The questionnaires changed between %(before)s and %(after)s: scores before "
                 "and after are not fully comparable.", before=self.before, after=self.after)


def grade_label(result: PeriodResult, grade_key: str | None) -> str:
    """The label of a grade band key under the result's scheme."""
    for band in result.scheme.get("bands", []):
        if band.get("key") == grade_key:
            return label(band.get("label"))
    return grade_key or "—"


def _row(result: PeriodResult, dim, before: PeriodResult | None = None) -> DimensionRow:
    owner = dim.owner
    then = before.dimensions.get(dim.key) if before is not None else None
    sat = owner.satisfaction if owner else None
    return DimensionRow(
        key=dim.key, label=label(dim.label), scores=dict(dim.sources),
        combined=dim.combined, combined_ci=_ci(dim.combined_ci),
        owner_ci=_ci(owner.ci if owner else None),
        satisfaction=sat.rate if sat else None, satisfaction_ci=_ci(sat.ci if sat else None),
        n=owner.n if owner else 0, alpha=owner.alpha.alpha if owner and owner.alpha else None,
        missing=list(dim.sources_missing), grade=grade_label(result, dim.grade),
        delta=result.deltas.get(dim.key),
        combined_change=change(dim.combined, then.combined if then is not None else None),
        # effective weight (M6): what the dimension actually counts for in this result
        weight=dim.effective_weight if finite(dim.effective_weight) else dim.weight)


def _ci(value) -> tuple | None:
    if value and len(value) == 2 and finite(value[0]) and finite(value[1]):
        return (value[0], value[1])
    return None


def change(now, before) -> float | None:
    """now − before, or None when either is missing."""
    return now - before if finite(now) and finite(before) else None


def previous_of(trend) -> tuple[PeriodResult | None, str]:
    """The result and label of the period before the last point of a trend (if computable)."""
    if len(trend) < 2 or trend[-2].result is None:
        return None, ""
    return trend[-2].result, trend[-2].period.label


def period_view(result: PeriodResult, trend=(), breaks=()) -> PeriodView:
    """The view of one period's result: rows, strongest and weakest, changes, IPA, buildings;
    with the trend, also each combined score's and the composite's change and its breaks."""
    before, before_label = previous_of(trend)
    rows = [_row(result, dim, before) for dim in result.dimensions.values()]
    scored = [r for r in rows if finite(r.combined)]
    comp = result.composite
    return PeriodView(
        result=result, language=lang(), composite=comp.score, composite_ci=_ci(comp.ci),
        grade=grade_label(result, comp.grade), rows=rows,
        strongest=max(scored, key=lambda r: r.combined) if scored else None,
        weakest=min(scored, key=lambda r: r.combined) if scored else None,
        changes=[r for r in rows if r.delta and r.delta.significant],
        ipa=_ipa_rows(result, rows), groups=_group_rows(result, rows),
        too_few=too_few_label(), cell_note=cell_rule_note(result),
        ipa_note=ipa_note(result),
        composite_change=change(comp.score, before.composite.score if before else None),
        previous_label=before_label, breaks=break_notes(trend, breaks))


def _ipa_rows(result: PeriodResult, rows: list[DimensionRow]) -> list[dict]:
    labels = {r.key: r.label for r in rows}
    names = quadrant_labels()
    points = result.ipa.points if result.ipa else ()
    # a flat importance axis gives no quadrant advice: opposite advice for equal performance
    flat = bool(result.ipa and result.ipa.importance_flat)
    return [{"dimension": labels.get(p.dimension, p.dimension),
             "performance": p.performance, "importance": p.importance,
             "quadrant": "" if flat else p.quadrant,
             "quadrant_label": "—" if flat else names.get(p.quadrant, ""),
             "advice": "" if flat else ipa_advice(p.quadrant)} for p in points]


def ipa_note(result: PeriodResult) -> str:
    """The warning shown beside the IPA grid when its importance axis is noise, else ''."""
    ipa = result.ipa
    if not ipa or not ipa.importance_flat:
        return ""
    from .texts import ipa_flat_text

    return ipa_flat_text(ipa.importance_spread, ipa.importance_resolution)


def _group_rows(result: PeriodResult, rows: list[DimensionRow]) -> list[dict]:
    """Buildings in natural order; a hidden group or cell (small-cell rule) has no scores."""
    return [{"name": name, "n": g.n, "households": g.households,
             "response_rate": g.response_rate, "suppressed": g.suppressed,
             "hidden": [g.suppressed or r.key in g.hidden for r in rows],
             "scores": [None if g.suppressed or r.key in g.hidden else g.scores.get(r.key)
                        for r in rows]}
            for name, g in sorted(result.groups.items(), key=lambda kv: _natural(kv[0]))]


def too_few_label() -> str:
    """What a hidden group or cell shows instead of its numbers."""
    return _("Too few responses")


def cell_rule_note(result: PeriodResult) -> str:
    """The sentence under a breakdown that explains hidden groups, with the community's k."""
    k = result.meta.get("min_cell_size") or 5
    return _("Groups with fewer than %(k)d responses are hidden (%(label)s); where the total "
             "could reveal a hidden group, the next-smallest is hidden too.",
             k=k, label=too_few_label())


def _natural(text: str):
    """Sort '2号楼' before '10号楼'."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(text))]


def trend_values(trend, rows: list[DimensionRow]) -> list[dict]:
    """Per trend point: its label, composite, and each row's combined score and change flag."""
    out = []
    for point in trend:
        dims = point.result.dimensions if point.result else {}
        deltas = point.result.deltas if point.result else {}
        out.append({"label": point.period.label, "composite": point.composite,
                    "scores": [dims[r.key].combined if r.key in dims else None for r in rows],
                    "significant": [bool(deltas[r.key].significant) if r.key in deltas
                                    else False for r in rows]})
    return out


def break_notes(trend, breaks) -> list[BreakNote]:
    """Each trend break (questionnaires.diffing.TrendBreak) in words, source by source."""
    from .comparability import KIND_SOURCES

    notes = []
    for brk in breaks:
        lines = [_("%(source)s: %(changes)s", source=source_label(KIND_SOURCES.get(kind, kind)),
                   changes=_("; ").join(_change_parts(change, brk.dimension_labels)))
                 for kind, change in brk.changes.items()]
        notes.append(BreakNote(brk.index, trend[brk.index - 1].period.label,
                               trend[brk.index].period.label, lines))
    return notes


def _change_parts(change, dimension_labels: dict) -> list[str]:
    """What changed, named: added and removed items and dimensions, moved items."""
    def items(found):
        return _(", ").join(_quoted(text_for(i.get("text")) or i.get("id")) for i in found)

    def dims(keys):
        return _(", ").join(_quoted(label(dimension_labels.get(k)) or k) for k in keys)

    moved = [{"id": c.item_id, "text": c.text} for c in change.changed
             if "dimension" in c.fields or "type" in c.fields]
    parts = [(_("items added: %(names)s"), change.added, items),
             (_("items removed: %(names)s"), change.removed, items),
             (_("dimensions added: %(names)s"), change.dimensions_added, dims),
             (_("dimensions removed: %(names)s"), change.dimensions_removed, dims),
             (_("items moved to another dimension or type: %(names)s"), moved, items)]
    return [text % {"names": name(found)} for text, found, name in parts if found]


def _quoted(text: str, limit: int = 24) -> str:
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return _("“%(label)s”", label=text)
