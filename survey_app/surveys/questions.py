"""Questionnaire answers without the database: parse and check submitted form values.

Form fields are named ``q_<item id>``; a Likert or NPS answer is a number, 不适用 is ``na``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _

from ..guards.text import clean_text
from ..questionnaires.loader import is_visible
from ..questionnaires.schema import Definition, Item

FIELD_PREFIX = "q_"
NA = "na"
TEXT_MAX = 2000
#: item types an owner answers on the web (photo uploads are not part of the owner survey)
ANSWERABLE = ("likert", "nps", "single_choice", "multi_choice", "number", "text", "yes_no")


@dataclass(frozen=True)
class Parsed:
    """One checked answer as stored: a number and/or text, or not applicable."""

    value: float | None = None
    text: str | None = None
    is_na: bool = False


def field_name(item: Item) -> str:
    return FIELD_PREFIX + item.id


def answerable_items(definition: Definition, section_index: int | None = None) -> list[Item]:
    """Items of one section (or all) that an owner answers."""
    sections = definition.sections if section_index is None \
        else [definition.sections[section_index]]
    return [i for s in sections for i in s.items if i.type in ANSWERABLE]


def logic_value(item: Item, parsed: Parsed | None):
    """The value that show_if conditions compare against."""
    if parsed is None:
        return None
    if parsed.is_na:
        return NA
    if item.type == "multi_choice":
        return [v for v in (parsed.text or "").split(",") if v]
    if item.type in ("text", "single_choice"):
        return parsed.text
    value = parsed.value
    return int(value) if value is not None and float(value).is_integer() else value


def logic_answers(definition: Definition, answers: dict[str, Parsed]) -> dict:
    """item id → value for show_if, from stored answers."""
    out = {}
    for item in definition.items():
        if item.id in answers:
            out[item.id] = logic_value(item, answers[item.id])
    return out


def visible_sections(definition: Definition, answers: dict[str, Parsed]) -> list[int]:
    """Indexes of sections with at least one visible answerable item."""
    logic = logic_answers(definition, answers)
    return [index for index, section in enumerate(definition.sections)
            if any(i.type in ANSWERABLE and _visible_before(i, logic) for i in section.items)]


def _visible_before(item: Item, logic: dict) -> bool:
    """Visible unless a condition on an answered item says no (unanswered ones decide later)."""
    if item.show_if is None:
        return True
    refs = item.show_if.referenced_items()
    if not all(ref in logic for ref in refs):
        return True
    return is_visible(item, logic)


#: id(definition) → (definition, {item id: {submitted value: answer}}); definitions are
#: cached per questionnaire version (services.definition_of), so this stays small
_PICKS: dict[int, tuple[Definition, dict[str, dict[str, Parsed]]]] = {}
_PICKED = ("likert", "nps", "yes_no", "single_choice")


def _picks(definition: Definition) -> dict[str, dict[str, Parsed]]:
    """The answers of items answered by picking a value, computed once per definition.

    Checking 28 answers one by one was a tenth of a survey submission; a button's value is
    one of a few strings, so the slow path's result for each is looked up instead.
    """
    cached = _PICKS.get(id(definition))
    if cached is not None and cached[0] is definition:
        return cached[1]
    table = {}
    for item in definition.items():
        if item.type not in _PICKED:
            continue
        candidates = [NA, "yes", "no"] + [str(n) for n in range(11)] \
            + [str(o.value) for o in item.options or []]
        table[item.id] = {value: parsed for value in candidates
                          for parsed, error in [_parse_single(definition, item, value)]
                          if error is None}
    if len(_PICKS) > 64:  # definitions parsed outside the cache (tests, scripts)
        _PICKS.clear()
    _PICKS[id(definition)] = (definition, table)
    return table


def parse_one(definition: Definition, item: Item, raw: list[str]) -> tuple[Parsed | None, str | None]:
    """(answer or None when blank, error message or None) for one item's submitted values."""
    if len(raw) == 1:
        picked = _picks(definition).get(item.id, {}).get(raw[0])
        if picked is not None:
            return picked, None
    values = [v.strip() for v in raw if v is not None and v.strip() != ""]
    if not values:
        return None, None
    if item.type == "multi_choice":
        allowed = [str(o.value) for o in item.options or []]
        if any(v not in allowed for v in values) or len(set(values)) != len(values):
            return None, _("Please choose among the listed options.")
        return Parsed(text=",".join(v for v in allowed if v in values)), None
    if len(values) > 1:
        return None, _("Please give only one answer.")
    return _parse_single(definition, item, values[0])


def _parse_single(definition: Definition, item: Item, value: str) -> tuple[Parsed | None, str | None]:
    if item.type == "text":
        # the request already cleaned it; paper entry and imports go through here too
        value = clean_text(value)
        if len(value) > TEXT_MAX:
            return None, _("The text is too long (at most %(n)d characters).", n=TEXT_MAX)
        return Parsed(text=value), None
    if value == NA and item.type in ("likert", "nps", "yes_no", "single_choice") and item.allow_na:
        return Parsed(is_na=True), None
    if item.type == "single_choice":
        allowed = [str(o.value) for o in item.options or []]
        if value not in allowed:
            return None, _("Please choose one of the listed options.")
        return Parsed(text=value, value=_as_float(value)), None
    if item.type == "yes_no":
        if value not in ("yes", "no"):
            return None, _("Please choose yes or no.")
        return Parsed(value=1.0 if value == "yes" else 0.0), None
    number = _as_float(value)
    if item.type == "likert":
        points = definition.points_of(item)
        if number is None or not number.is_integer() or not 1 <= number <= points:
            return None, _("Please choose one of the options shown.")
        return Parsed(value=number), None
    if item.type == "nps":
        if number is None or not number.is_integer() or not 0 <= number <= 10:
            return None, _("Please choose a number from 0 to 10.")
        return Parsed(value=number), None
    low = item.min if item.min is not None else -1e12
    high = item.max if item.max is not None else 1e12
    if number is None or not low <= number <= high:
        return None, _("Please enter a number between %(a)s and %(b)s.",
                       a=_fmt(low), b=_fmt(high))
    return Parsed(value=number), None


def _as_float(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(frozen=True)
class _Plan:
    """What checking a list of items needs, worked out once per (questionnaire, items)."""

    fields: frozenset[str]
    entries: tuple[tuple[Item, str, dict[str, Parsed] | None], ...]  # item, field, picks
    checked: tuple[Item, ...]  # items with a condition or required: the second pass
    refs: frozenset[str]  # items the conditions read


#: (id(definition), item ids) → (definition, plan); small for the same reason as _PICKS
_PLANS: dict[tuple, tuple[Definition, _Plan]] = {}


def _plan(definition: Definition, items: list[Item]) -> _Plan:
    """The items' plan; per request the loops below then only look values up."""
    key = (id(definition), tuple(i.id for i in items))
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is definition:
        return cached[1]
    picks = _picks(definition)
    plan = _Plan(
        fields=frozenset(field_name(i) for i in items),
        entries=tuple((i, field_name(i), picks.get(i.id)) for i in items),
        checked=tuple(i for i in items if i.show_if is not None or i.required),
        refs=frozenset(ref for i in items if i.show_if is not None
                       for ref in i.show_if.referenced_items()))
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[key] = (definition, plan)
    return plan


def parse_items(definition: Definition, items: list[Item], form: dict[str, list[str]],
                earlier: dict[str, Parsed]) -> tuple[dict[str, Parsed], dict[str, str]]:
    """Check the submitted values for ``items``; returns (answers, errors by item id).

    ``form`` maps field names to lists of values. Fields for items outside ``items`` are
    refused (a tampered or stale form). Hidden items (show_if false, evaluated with the
    earlier answers plus these) are dropped; required visible items must be answered.
    """
    plan = _plan(definition, items)
    errors: dict[str, str] = {}
    if form.keys() - plan.fields:
        for name in form:
            if name.startswith(FIELD_PREFIX) and name not in plan.fields:
                errors[name[len(FIELD_PREFIX):][:40]] = _(
                    "Unknown question %(id)s: the form was changed. Please reload the page.",
                    id=name[len(FIELD_PREFIX):][:40])
    answers: dict[str, Parsed] = {}
    for item, name, picks in plan.entries:
        raw = form.get(name, ())
        # a button's value: the lookup table; anything else takes the checking path
        parsed = picks.get(raw[0]) if picks is not None and len(raw) == 1 else None
        error = None
        if parsed is None:
            parsed, error = parse_one(definition, item, list(raw))
        if error:
            errors[item.id] = error
        elif parsed is not None:
            answers[item.id] = parsed
    logic = _logic_for(definition, plan.refs, {**earlier, **answers}) if plan.refs else {}
    for item in plan.checked:
        if item.show_if is not None and not is_visible(item, logic):
            answers.pop(item.id, None)
            errors.pop(item.id, None)
        elif item.required and item.id not in answers and item.id not in errors:
            errors[item.id] = _("Please answer this question.")
    return answers, errors


def _logic_for(definition: Definition, refs: frozenset[str], answers: dict[str, Parsed]) -> dict:
    """The show_if values that the conditions read (all is_visible needs)."""
    read = {i.id: i for i in definition.items() if i.id in refs and i.id in answers}
    return {item_id: logic_value(item, answers[item_id]) for item_id, item in read.items()}


def missing_required(definition: Definition, answers: dict[str, Parsed]) -> list[Item]:
    """Required visible items without an answer, in questionnaire order."""
    logic = logic_answers(definition, answers)
    return [item for item in answerable_items(definition)
            if item.required and item.id not in answers and is_visible(item, logic)]


def section_of(definition: Definition, item_id: str) -> int:
    """Index of the section holding an item."""
    for index, section in enumerate(definition.sections):
        if any(i.id == item_id for i in section.items):
            return index
    raise KeyError(item_id)


def numbered_before(definition: Definition, section_index: int,
                    answers: dict[str, Parsed]) -> int:
    """How many questions the owner has seen on the pages before this one, so that question
    numbers run on across pages instead of starting at 1 on each."""
    logic = logic_answers(definition, answers)
    shown = visible_sections(definition, answers)
    return sum(1 for index in shown if index < section_index
               for item in answerable_items(definition, index) if _visible_before(item, logic))
