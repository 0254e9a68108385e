"""The schema of a questionnaire definition (YAML under questionnaires/), as pydantic models."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

KINDS = ("owner_survey", "joint_inspection", "third_party", "internal_inspection")
#: kinds scored as checklists (points items, deductions, photo evidence on the walk-round)
CHECKLIST_KINDS = ("joint_inspection", "third_party", "internal_inspection")
ITEM_TYPES = (
    "likert", "single_choice", "multi_choice", "nps", "number", "text", "yes_no", "points",
    "photo",
)
#: item types that produce a numeric score
SCORED_TYPES = ("likert", "points", "nps", "yes_no")
LANGS = ("zh_CN", "en")


def _as_text_map(value: Any) -> Any:
    """Accept a bare string as the Chinese text."""
    return {"zh_CN": value} if isinstance(value, str) else value


def _check_text_map(value: dict[str, str]) -> dict[str, str]:
    if not value.get("zh_CN"):
        raise ValueError("needs a non-empty zh_CN text")
    unknown = sorted(set(value) - set(LANGS))
    if unknown:
        raise ValueError(f"unknown language(s) {', '.join(unknown)}; use {', '.join(LANGS)}")
    return value


I18nText = Annotated[dict[str, str], BeforeValidator(_as_text_map)]


class Strict(BaseModel):
    """Base: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Strict):
    """show_if: show an item only when an earlier answer matches."""

    item: str | None = None
    op: Literal["eq", "ne", "in", "not_in", "gte", "lte", "answered"] = "eq"
    value: Any = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def _one_form(self):
        forms = [self.item is not None, self.all is not None, self.any is not None]
        if sum(forms) != 1:
            raise ValueError("give exactly one of item, all or any")
        if self.item is not None and self.op != "answered" and self.value is None:
            raise ValueError(f"op '{self.op}' needs a value")
        return self

    def referenced_items(self) -> list[str]:
        """Item ids this condition reads."""
        if self.item is not None:
            return [self.item]
        return [ref for c in (self.all or self.any or []) for ref in c.referenced_items()]


class Option(Strict):
    value: str | int
    text: I18nText

    _text = field_validator("text")(_check_text_map)


class Deduction(Strict):
    """扣分标准: points deducted per occurrence (按处扣分), never below the floor (扣完为止 at 0)."""

    per: float = Field(gt=0)
    #: the least an item can score after deductions (0: down to zero)
    floor: float = Field(default=0, ge=0)
    unit: I18nText = Field(default_factory=lambda: {"zh_CN": "处", "en": "occurrence"})
    rule: I18nText | None = None


class Item(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=40)
    type: Literal[
        "likert", "single_choice", "multi_choice", "nps", "number", "text", "yes_no",
        "points", "photo",
    ]
    text: I18nText
    help: I18nText | None = None
    dimension: str | None = None
    weight: float = Field(default=1.0, ge=0)
    required: bool = False
    allow_na: bool = True
    role: Literal["overall", "importance", "comment"] | None = None
    points: int | None = Field(default=None, ge=2, le=11)
    options: list[Option] | None = None
    min: float | None = None
    max: float | None = None
    unit: I18nText | None = None
    max_points: float | None = Field(default=None, gt=0)
    deduction: Deduction | None = None
    pass_line: float | None = Field(default=None, ge=0)
    standard: I18nText | None = None
    max_photos: int = Field(default=6, ge=1, le=20)
    show_if: Condition | None = None

    _text = field_validator("text")(_check_text_map)

    def problems(self, kind: str) -> list[tuple[str, str]]:
        """This item's cross-field problems as (key, message); each names the key concerned."""
        out = []
        if self.type in ("single_choice", "multi_choice") and not self.options:
            out.append(("options", f"a {self.type} item needs options"))
        if self.type == "photo" and kind not in CHECKLIST_KINDS:
            out.append(("type", "photo items belong to checklists; owners do not upload "
                                "photos in a survey"))
        if self.type == "points" and self.max_points is None:
            out.append(("max_points", "a points item needs max_points"))
        if self.min is not None and self.max is not None and self.min > self.max:
            out.append(("min", "min cannot exceed max"))
        return out + self._scoring_problems()

    def _scoring_problems(self) -> list[tuple[str, str]]:
        """Pass line and deduction rule measured against the item's max_points."""
        out = []
        top = self.max_points
        if self.pass_line is not None and top is not None and self.pass_line > top:
            out.append(("pass_line", "pass_line cannot exceed max_points"))
        if self.deduction is None:
            return out
        if top is None:
            out.append(("deduction", "a deduction rule needs max_points"))
        elif self.deduction.per > top:
            out.append(("deduction.per", f"deducts {self.deduction.per:g} per occurrence, "
                                         f"more than the item's max_points {top:g}"))
        elif self.deduction.floor >= top:
            out.append(("deduction.floor", f"the floor {self.deduction.floor:g} must be "
                                           f"below max_points {top:g}"))
        return out


class Section(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=40)
    title: I18nText
    description: I18nText | None = None
    dimension: str | None = None
    items: list[Item] = Field(min_length=1)

    _title = field_validator("title")(_check_text_map)


class Dimension(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: I18nText

    _label = field_validator("label")(_check_text_map)


class Definition(Strict):
    """A whole questionnaire: owner survey, joint-inspection checklist or third-party sheet."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["owner_survey", "joint_inspection", "third_party", "internal_inspection"]
    version: str = Field(min_length=1, max_length=40)
    title: I18nText
    description: I18nText | None = None
    likert_points: int = Field(default=5, ge=2, le=11)
    likert_labels: list[I18nText] | None = None
    na_label: I18nText = Field(default_factory=lambda: {"zh_CN": "不适用/不了解",
                                                        "en": "Not applicable / don't know"})
    #: 满分 a checklist claims (e.g. 100): its points items' max_points must add up to it
    total_points: float | None = Field(default=None, gt=0)
    dimensions: list[Dimension] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)

    _title = field_validator("title")(_check_text_map)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo):
        if (info.context or {}).get("skip_consistency"):
            return self
        problems = consistency_problems(self)
        if problems:
            raise ValueError("; ".join(f"{path}: {msg}" for path, msg in problems))
        return self

    # --- reading helpers -------------------------------------------------------------
    def items(self) -> list[Item]:
        """Every item in order."""
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if unknown)."""
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @cached_property
    def _dimensions_by_item(self) -> dict[str, str | None]:
        return {item.id: item.dimension or section.dimension
                for section in self.sections for item in section.items}

    def dimension_of(self, item: Item) -> str | None:
        """An item's dimension, inherited from its section when not set."""
        return item.dimension or self._dimensions_by_item.get(item.id)

    def dimension_keys(self) -> list[str]:
        return [d.key for d in self.dimensions]

    def points_of(self, item: Item) -> int:
        """Number of Likert points of an item."""
        return item.points or self.likert_points


def consistency_problems(defn: Definition) -> list[tuple[str, str]]:
    """Cross-field checks that pydantic field types cannot express, as (path, message)."""
    problems: list[tuple[str, str]] = []
    dims = {d.key for d in defn.dimensions}
    seen: set[str] = set()
    for s_index, section in enumerate(defn.sections):
        if section.dimension and section.dimension not in dims:
            problems.append((f"sections[{s_index}].dimension",
                             f"unknown dimension '{section.dimension}' "
                             f"(declared: {', '.join(sorted(dims))})"))
        for i_index, item in enumerate(section.items):
            where = f"sections[{s_index}].items[{i_index}]"
            if item.id in seen:
                problems.append((f"{where}.id", f"duplicate item id '{item.id}'"))
            if item.dimension and item.dimension not in dims:
                problems.append((f"{where}.dimension",
                                 f"unknown dimension '{item.dimension}' "
                                 f"(declared: {', '.join(sorted(dims))})"))
            problems.extend((f"{where}.{key}", msg) for key, msg in item.problems(defn.kind))
            if item.show_if:
                for ref in item.show_if.referenced_items():
                    if ref not in seen:
                        problems.append((f"{where}.show_if.item",
                                         f"refers to '{ref}', which is not an earlier item"))
            seen.add(item.id)
    problems.extend(_total_problems(defn))
    if defn.kind == "owner_survey":
        overall = [i for i in defn.items() if i.role == "overall"]
        if len(overall) > 1:
            problems.append(("sections", "at most one item may have role 'overall'"))
    return problems


def points_total(defn: Definition) -> float:
    """The sum of the points items' max_points (what a checklist can score at most)."""
    return float(sum(i.max_points or 0 for i in defn.items() if i.type == "points"))


def _total_problems(defn: Definition) -> list[tuple[str, str]]:
    """A checklist that claims a total (满分) must have points adding up to it exactly."""
    if defn.total_points is None:
        return []
    if defn.kind not in CHECKLIST_KINDS:
        return [("total_points", "only checklists (joint, internal, third-party) have a "
                                 "points total")]
    total = points_total(defn)
    if abs(total - defn.total_points) > 1e-9:
        return [("total_points", f"the points items add up to {total:g}, not the "
                                 f"{defn.total_points:g} this checklist claims")]
    return []


def json_schema() -> dict:
    """The JSON Schema of a definition, for editors."""
    schema = Definition.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "survey_app questionnaire definition"
    return schema
