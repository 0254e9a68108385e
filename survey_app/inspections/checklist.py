"""The checklist of an inspection, read from its frozen joint_inspection questionnaire version."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..i18n import text_for
from ..questionnaires.schema import Definition, Item
from ..stats.inputs import InspectionData
from ..stats.inspection import per_inspection_scores


@dataclass(frozen=True)
class CheckItem:
    """A scorable checklist item with its effective pass line."""

    item: Item
    dimension: str
    section_title: str

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def max_points(self) -> float:
        return float(self.item.max_points)

    @property
    def pass_line(self) -> float:
        """The item's pass line; by default (METHOD M3) anything below full marks is a finding."""
        line = self.item.pass_line
        return float(line) if line is not None else self.max_points

    @property
    def deduction_per(self) -> float | None:
        return float(self.item.deduction.per) if self.item.deduction else None

    @property
    def deduction_floor(self) -> float:
        """The least the item scores after deductions (0: 扣完为止)."""
        return float(self.item.deduction.floor) if self.item.deduction else 0.0


@dataclass(frozen=True)
class Group:
    """Items of one section, shown together on the walk-round."""

    key: str
    title: str
    dimension: str
    items: tuple[CheckItem, ...]


def groups(definition: Definition) -> list[Group]:
    """The scorable (points) items grouped by section, in definition order."""
    out = []
    for section in definition.sections:
        items = tuple(
            CheckItem(item, definition.dimension_of(item) or "", text_for(section.title))
            for item in section.items if item.type == "points" and item.max_points)
        if items:
            out.append(Group(section.id, text_for(section.title), section.dimension or "", items))
    return out


def items_by_id(definition: Definition) -> dict[str, CheckItem]:
    """Every scorable item by id."""
    return {ci.id: ci for group in groups(definition) for ci in group.items}


def dimension_labels(definition: Definition) -> dict[str, str]:
    """Dimension key → label in the current language."""
    return {d.key: text_for(d.label) for d in definition.dimensions}


def scores_of(rows) -> dict:
    """Per-dimension S_d (METHOD M3) and the overall percentage of one inspection's item rows."""
    rows = [r for r in rows if r.awarded is not None]
    if not rows:
        return {"dimensions": {}, "total": None, "awarded": 0.0, "max": 0.0}
    data = InspectionData(
        inspection=np.zeros(len(rows), dtype=np.int64),
        dimension=[r.dimension for r in rows],
        max_points=[r.max_points for r in rows],
        awarded=[r.awarded for r in rows])
    per = per_inspection_scores(data)
    awarded = float(sum(r.awarded for r in rows))
    maximum = float(sum(r.max_points for r in rows))
    return {"dimensions": {d: s[0] for d, s in per.items()},
            "total": 100.0 * awarded / maximum, "awarded": awarded, "max": maximum}
