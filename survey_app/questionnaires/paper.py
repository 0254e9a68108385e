"""The paper questionnaire: question numbers shared by the printed sheet and paper entry, and
show_if conditions worded as instructions a reader of the printed sheet can follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from flask_babel import gettext as _

from ..i18n import text_for
from ..surveys.questions import ANSWERABLE, NA
from .loader import is_visible
from .schema import Condition, Definition, Item

#: how a comparison reads when the answers cannot be listed (numbers, texts)
OP_SIGNS = {"eq": "=", "ne": "≠", "gte": "≥", "lte": "≤"}


def numbered_items(definition: Definition) -> list[tuple[int, Item]]:
    """(number, item) of every question an owner answers, numbered 1, 2, 3… in order.

    Paper shows every question, so unlike the web page a hidden show_if question keeps its
    number: the printed sheet and the paper-entry form always agree.
    """
    items = [i for s in definition.sections for i in s.items if i.type in ANSWERABLE]
    return list(enumerate(items, start=1))


def question_numbers(definition: Definition) -> dict[str, int]:
    """item id → printed question number."""
    return {item.id: number for number, item in numbered_items(definition)}


@dataclass
class Question:
    """A printed question: number, text, boxes and the instruction of its condition."""

    number: int
    item: Item
    text: str
    #: the label of each box to tick, in the owner page's order
    boxes: list[str] = field(default_factory=list)
    instruction: str | None = None
    hint: str | None = None


@dataclass
class SheetSection:
    """A section heading with its questions."""

    title: str
    description: str | None
    questions: list[Question]


def answer_choices(definition: Definition, item: Item) -> list[tuple[object, str]]:
    """(value as show_if reads it, label) of each choice of a closed question."""
    if item.type == "likert":
        points = definition.points_of(item)
        labels = definition.likert_labels or []
        choices = [(v, text_for(labels[v - 1]) if len(labels) == points else str(v))
                   for v in range(points, 0, -1)]
        if item.allow_na:
            choices.append((NA, text_for(definition.na_label)))
        return choices
    if item.type == "nps":
        return [(v, str(v)) for v in range(11)]
    if item.type == "yes_no":
        return [(1, _("Yes")), (0, _("No"))]
    if item.type in ("single_choice", "multi_choice"):
        return [(str(o.value), text_for(o.text)) for o in item.options or []]
    return []


def sheet(definition: Definition) -> list[SheetSection]:
    """The printed questionnaire: sections with their numbered questions."""
    numbers = question_numbers(definition)
    sections = []
    for section in definition.sections:
        questions = [_question(definition, item, numbers) for item in section.items
                     if item.id in numbers]
        if questions:
            sections.append(SheetSection(text_for(section.title),
                                         text_for(section.description) or None, questions))
    return sections


def _question(definition: Definition, item: Item, numbers: dict[str, int]) -> Question:
    boxes = [label for _value, label in answer_choices(definition, item)]
    hint = text_for(item.help) or None
    if item.type == "multi_choice":
        hint = " ".join(filter(None, [hint, _("Tick every box that applies.")]))
    instruction = condition_text(definition, item.show_if, numbers) if item.show_if else None
    return Question(numbers[item.id], item, text_for(item.text), boxes, instruction, hint)


def condition_text(definition: Definition, condition: Condition, numbers: dict[str, int]) -> str:
    """A show_if condition as a sentence, e.g. 若第3题选择“否”，请回答本题。"""
    return _("If %(condition)s, please answer this question.",
             condition=_clause(definition, condition, numbers))


def _clause(definition: Definition, cond: Condition, numbers: dict[str, int]) -> str:
    if cond.all is not None or cond.any is not None:
        joiner = _(" and ") if cond.all is not None else _(" or ")
        return joiner.join(_clause(definition, c, numbers) for c in (cond.all or cond.any))
    try:
        target = definition.item(cond.item)
    except KeyError:  # the schema refuses this; keep printing rather than fail the sheet
        return cond.item
    number = numbers.get(target.id)
    question = _("question %(n)d", n=number) if number else text_for(target.text)
    if cond.op == "answered":
        return _("%(question)s is answered", question=question)
    choices = answer_choices(definition, target)
    if choices:
        # the choices that would show the question, judged as the owner page judges them
        alone = SimpleNamespace(show_if=cond)
        picked = [label for value, label in choices if is_visible(
            alone, {target.id: [value] if target.type == "multi_choice" else value})]
        return _("%(question)s is answered %(choices)s", question=question,
                 choices=_either(picked))
    return _("the answer to %(question)s is %(op)s %(value)s", question=question,
             op=OP_SIGNS.get(cond.op, cond.op), value=_value_text(cond.value))


def _either(labels: list[str]) -> str:
    """“A”、“B”或“C”: the choices that satisfy a condition, quoted."""
    quoted = [_("“%(label)s”", label=label) for label in labels]
    if len(quoted) <= 1:
        return quoted[0] if quoted else _("(no choice)")
    return _("%(list)s or %(last)s", list=_(", ").join(quoted[:-1]), last=quoted[-1])


def _value_text(value) -> str:
    if isinstance(value, list):
        return _(", ").join(str(v) for v in value)
    return str(value)
