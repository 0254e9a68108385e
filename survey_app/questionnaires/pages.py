"""Presentation helpers of the draft editor: an item mapping to form fields and back."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from ..errors import FieldError
from . import editing

#: keys the item form edits; every other key of the item is kept as it was
EDITED = ("id", "type", "text", "required", "allow_na", "dimension", "options", "show_if")
#: keys the checklist item form edits in addition (scoring: 分值, 扣分标准, 合格线, photos)
SCORING = ("max_points", "deduction", "pass_line", "standard", "max_photos")


def item_form_for(kind: str):
    """The item form of a kind: checklists add their scoring fields; an owner survey
    offers no photo or points items (owners answer, they do not score)."""
    from .forms import TYPE_CHOICES, ChecklistItemForm, ItemForm
    from .schema import CHECKLIST_KINDS

    if kind in CHECKLIST_KINDS:
        return ChecklistItemForm()
    form = ItemForm()
    form.type.choices = [c for c in TYPE_CHOICES if c.value not in ("photo", "points")]
    return form


def fill_item_form(form, defn: dict, s: int, i: int | None) -> None:
    """Choices of an item form (dimensions, earlier items) and, on GET, the item's values."""
    form.dimension.choices = [SelectChoice("", _("(the section's)"))] + [
        SelectChoice(d.get("key", ""), _label(d.get("label")))
        for d in defn.get("dimensions") or []]
    form.show_if_item.choices = [SelectChoice("", _("(always shown)"))] + [
        SelectChoice(it.get("id", ""), f"{it.get('id', '')} · {_label(it.get('text'))}")
        for it in editing.earlier_items(defn, s, i)]
    if form.is_submitted() or i is None:
        return
    item = editing.item_at(defn, s, i)
    text = item.get("text") if isinstance(item.get("text"), dict) else {"zh_CN": item.get("text")}
    cond = item.get("show_if") or {}
    form.process(data={
        "item_id": item.get("id"), "type": item.get("type"), "text_zh": text.get("zh_CN"),
        "text_en": text.get("en"), "required": item.get("required", False),
        "allow_na": item.get("allow_na", True), "dimension": item.get("dimension") or "",
        "options": _options_text(item.get("options") or []),
        "show_if_item": cond.get("item") or "", "show_if_value": _value_text(cond.get("value")),
        **_scoring_data(item)})


def _scoring_data(item: dict) -> dict:
    """A checklist item's scoring keys as form data (ignored by the owner-survey form)."""
    deduction = item.get("deduction") or {}
    rule = deduction.get("rule") if isinstance(deduction.get("rule"), dict) \
        else {"zh_CN": deduction.get("rule")}
    standard = item.get("standard") if isinstance(item.get("standard"), dict) \
        else {"zh_CN": item.get("standard")}
    return {"max_points": item.get("max_points"), "deduction_per": deduction.get("per"),
            "deduction_floor": deduction.get("floor"), "deduction_rule_zh": rule.get("zh_CN"),
            "pass_line": item.get("pass_line"), "standard_zh": standard.get("zh_CN"),
            "max_photos": item.get("max_photos")}


def item_from_form(form, old: dict | None) -> dict:
    """The item mapping the form describes, keeping keys the form does not edit."""
    edited = EDITED + (SCORING if hasattr(form, "max_points") else ())
    item = {k: v for k, v in (old or {}).items() if k not in edited}
    text = {"zh_CN": form.text_zh.data.strip()}
    if (form.text_en.data or "").strip():
        text["en"] = form.text_en.data.strip()
    item.update(id=form.item_id.data.strip(), type=form.type.data, text=text,
                required=bool(form.required.data), allow_na=bool(form.allow_na.data))
    if form.dimension.data:
        item["dimension"] = form.dimension.data
    options = parse_options(form.options.data or "")
    if options:
        item["options"] = options
    if form.show_if_item.data:
        value = (form.show_if_value.data or "").strip()
        item["show_if"] = ({"item": form.show_if_item.data, "value": _scalar(value)} if value
                           else {"item": form.show_if_item.data, "op": "answered"})
    if hasattr(form, "max_points"):
        item.update(_scoring_from_form(form, (old or {}).get("deduction") or {}))
    return item


def _scoring_from_form(form, old_deduction: dict) -> dict:
    """The scoring keys a checklist item form describes (empty fields are left out)."""
    out = {key: _number(getattr(form, key).data)
           for key in ("max_points", "pass_line", "max_photos")
           if getattr(form, key).data is not None}
    if (form.standard_zh.data or "").strip():
        out["standard"] = {"zh_CN": form.standard_zh.data.strip()}
    if form.deduction_per.data is not None:
        # the unit and English rule are kept as they were; the form edits per, floor, rule
        deduction = {k: v for k, v in old_deduction.items() if k in ("unit", "rule")}
        deduction["per"] = _number(form.deduction_per.data)
        if form.deduction_floor.data:
            deduction["floor"] = _number(form.deduction_floor.data)
        if (form.deduction_rule_zh.data or "").strip():
            old_rule = deduction.get("rule") if isinstance(deduction.get("rule"), dict) else {}
            deduction["rule"] = {**old_rule, "zh_CN": form.deduction_rule_zh.data.strip()}
        else:
            deduction.pop("rule", None)
        out["deduction"] = deduction
    elif form.deduction_floor.data:
        raise FieldError("deduction_per", _("Give the points off per occurrence, or leave the "
                                            "lowest score empty."))
    return out


def _number(value):
    """Whole numbers as the files write them (4, not 4.0)."""
    return int(value) if float(value).is_integer() else float(value)


def parse_options(text: str) -> list[dict]:
    """'value | 中文 | English' lines as options (FieldError naming the line)."""
    options = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise FieldError("options", _("Line %(n)s: write value | Chinese | English.",
                                          n=number))
        option_text = {"zh_CN": parts[1], **({"en": parts[2]} if len(parts) > 2 and parts[2]
                                             else {})}
        options.append({"value": _scalar(parts[0]), "text": option_text})
    return options


def _options_text(options: list) -> str:
    lines = []
    for option in options:
        text = option.get("text") if isinstance(option.get("text"), dict) \
            else {"zh_CN": option.get("text")}
        lines.append(" | ".join(str(x) for x in (option.get("value"), text.get("zh_CN"),
                                                 text.get("en")) if x is not None))
    return "\n".join(lines)


def _scalar(value: str):
    """Option values as the files write them: whole numbers as numbers."""
    return int(value) if value.lstrip("-").isdigit() else value


def _value_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _label(text) -> str:
    if isinstance(text, dict):
        return text.get("zh_CN") or ""
    return str(text or "")


def checklist_preview(definition) -> dict:
    """The walk-round's view of a draft checklist: the inspections' own grouping of items."""
    from ..i18n import text_for
    from ..inspections import checklist
    from .routes import TYPE_LABELS
    from .schema import points_total

    groups = checklist.groups(definition)
    scored = {ci.id for group in groups for ci in group.items}
    return {"definition": definition, "groups": groups, "text": text_for,
            "labels": checklist.dimension_labels(definition), "total": points_total(definition),
            "count": len(scored), "type_labels": TYPE_LABELS,
            "others": [item for item in definition.items() if item.id not in scored]}


def points_summary(defn: dict) -> dict | None:
    """A checklist draft's points: their sum and the total it claims (read leniently: a
    draft may be invalid while edited); None for an owner survey."""
    from .schema import CHECKLIST_KINDS

    if defn.get("kind") not in CHECKLIST_KINDS:
        return None
    total = 0.0
    for section in defn.get("sections") or []:
        for item in section.get("items") or []:
            if item.get("type") == "points" and isinstance(item.get("max_points"), int | float):
                total += item["max_points"]
    return {"total": _number(total), "claimed": defn.get("total_points")}


def draft_url(name: str, draft, **values) -> str:
    """The URL of an editor view for this draft: a community's (``questionnaires.<name>``)
    or an assessor organisation's sheet (``questionnaires.sheet_<name>``)."""
    if draft.organisation_id is not None:
        endpoint = "sheet_edit" if name == "draft_edit" else f"sheet_{name}"
        return url_for(f"questionnaires.{endpoint}", organisation_id=draft.organisation_id,
                       draft_id=draft.id, **values)
    return url_for(f"questionnaires.{name}", community_id=draft.community_id,
                   draft_id=draft.id, **values)
