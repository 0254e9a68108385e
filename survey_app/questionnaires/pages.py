"""Presentation helpers of the draft editor: an item mapping to form fields and back."""

from __future__ import annotations

from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from ..errors import FieldError
from . import editing

#: keys the item form edits; every other key of the item is kept as it was
EDITED = ("id", "type", "text", "required", "allow_na", "dimension", "options", "show_if")


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
        "show_if_item": cond.get("item") or "", "show_if_value": _value_text(cond.get("value"))})


def item_from_form(form, old: dict | None) -> dict:
    """The item mapping the form describes, keeping keys the form does not edit."""
    item = {k: v for k, v in (old or {}).items() if k not in EDITED}
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
    return item


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
