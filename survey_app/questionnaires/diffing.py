"""Item-by-item differences between two definitions, and whether trends stay comparable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

#: item keys whose change is shown (texts first: what owners read)
COMPARED = ("text", "type", "dimension", "required", "allow_na", "options", "show_if",
            "max_points", "deduction", "weight")


@dataclass
class Change:
    """One item present in both definitions with differing keys: key → (old, new)."""

    item_id: str
    fields: dict = field(default_factory=dict)
    #: the item's text in the newer definition, to name it
    text: object = None


@dataclass
class Diff:
    """Added, removed and changed items, and the dimensions added or removed."""

    added: list[dict]
    removed: list[dict]
    changed: list[Change]
    dimensions_added: list[str]
    dimensions_removed: list[str]

    @property
    def breaks_trends(self) -> bool:
        """Dimensions or scored items changed: a period before and after do not compare."""
        moved = any("dimension" in c.fields or "type" in c.fields for c in self.changed)
        return bool(self.added or self.removed or self.dimensions_added
                    or self.dimensions_removed or moved)


def _items(defn: dict) -> dict[str, dict]:
    """Items by id, each with its effective dimension (inherited from its section)."""
    out = {}
    for section in defn.get("sections") or []:
        for item in section.get("items") or []:
            out[item.get("id")] = {**item, "dimension": item.get("dimension")
                                   or section.get("dimension")}
    return out


def diff(old: dict, new: dict) -> Diff:
    """What changed from ``old`` to ``new``, item by item."""
    before, after = _items(old), _items(new)
    changed = []
    for item_id in after:
        if item_id in before:
            fields = {key: (before[item_id].get(key), after[item_id].get(key))
                      for key in COMPARED
                      if _norm(before[item_id].get(key)) != _norm(after[item_id].get(key))}
            if fields:
                changed.append(Change(item_id, fields, after[item_id].get("text")))
    old_dims = [d.get("key") for d in old.get("dimensions") or []]
    new_dims = [d.get("key") for d in new.get("dimensions") or []]
    return Diff(added=[after[i] for i in after if i not in before],
                removed=[before[i] for i in before if i not in after], changed=changed,
                dimensions_added=[d for d in new_dims if d not in old_dims],
                dimensions_removed=[d for d in old_dims if d not in new_dims])


def _norm(value):
    """A bare string text and {zh_CN: string} are the same text."""
    return {"zh_CN": value} if isinstance(value, str) else value


@dataclass(frozen=True)
class TrendBreak:
    """Where a trend loses comparability: before the period at ``index`` (oldest first),
    with the differences of each questionnaire kind whose items or dimensions changed."""

    index: int
    changes: dict[str, Diff]
    #: dimension key → label map of both sides, to name added or removed dimensions
    dimension_labels: dict = field(default_factory=dict)


def trend_breaks(periods: Sequence[Mapping[str, Sequence[dict]]]) -> list[TrendBreak]:
    """The breaks of a trend, given each period's definitions by questionnaire kind.

    A kind is compared with the last earlier period that used it (a quarter without a
    third-party assessment does not hide a changed sheet). Several versions of one kind in
    a period (two inspections on different checklists) count as their union.
    """
    last: dict[str, dict] = {}
    breaks = []
    for index, sources in enumerate(periods):
        changes, labels = {}, {}
        for kind in sorted(sources):
            merged = merge_definitions(sources[kind])
            if merged is None:
                continue
            if kind in last and last[kind] != merged:
                change = diff(last[kind], merged)
                if change.breaks_trends:
                    changes[kind] = change
                    labels.update(_dimension_labels(last[kind]), **_dimension_labels(merged))
            last[kind] = merged
        if changes:
            breaks.append(TrendBreak(index, changes, labels))
    return breaks


def _dimension_labels(defn: dict) -> dict:
    return {d.get("key"): d.get("label") for d in defn.get("dimensions") or []}


def merge_definitions(definitions: Sequence[dict]) -> dict | None:
    """One definition standing for several of a kind: their dimensions and items, each once."""
    if len(definitions) <= 1:
        return definitions[0] if definitions else None
    dimensions, items, seen = [], [], set()
    for defn in definitions:
        dimensions += [d for d in defn.get("dimensions") or [] if d not in dimensions]
        for item in _items(defn).values():
            if item.get("id") not in seen:
                seen.add(item.get("id"))
                items.append(item)
    return {"dimensions": dimensions, "sections": [{"items": items}]}
