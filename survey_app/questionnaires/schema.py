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
    """扣分标准: points deducted per occurrence, floored at zero (扣完为止)."""

    per: float = Field(gt=0)
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

    @model_validator(mode="after")
    def _fits_type(self):
        if self.type in ("single_choice", "multi_choice") and not self.options:
            raise ValueError(f"a {self.type} item needs options")
        if self.type == "points" and self.max_points is None:
            raise ValueError("a points item needs max_points")
        if self.pass_line is not None and self.max_points is not None \
                and self.pass_line > self.max_points:
            raise ValueError("pass_line cannot exceed max_points")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min cannot exceed max")
        return self


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
            if item.show_if:
                for ref in item.show_if.referenced_items():
                    if ref not in seen:
                        problems.append((f"{where}.show_if.item",
                                         f"refers to '{ref}', which is not an earlier item"))
            seen.add(item.id)
    if defn.kind == "owner_survey":
        overall = [i for i in defn.items() if i.role == "overall"]
        if len(overall) > 1:
            problems.append(("sections", "at most one item may have role 'overall'"))
    return problems


def json_schema() -> dict:
    """The JSON Schema of a definition, for editors."""
    schema = Definition.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "survey_app questionnaire definition"
    return schema
