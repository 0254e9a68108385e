"""Changes to a draft's definition mapping: sections and items added, moved, edited, deleted.

Pure functions on a copy of the YAML structure; the draft service saves the result. Schema
problems of one item are mapped to the editor form's fields by their path.
"""

from __future__ import annotations

import copy
import re

#: the editor form field a schema path (after "sections[s].items[i]") belongs to
ITEM_FIELDS = (("show_if", "show_if_item"), ("text", "text_zh"), ("dimension", "dimension"),
               ("options", "options"), ("id", "item_id"), ("type", "type"),
               ("required", "required"), ("allow_na", "allow_na"),
               ("max_points", "max_points"), ("deduction.floor", "deduction_floor"),
               ("deduction.rule", "deduction_rule_zh"), ("deduction", "deduction_per"),
               ("pass_line", "pass_line"), ("standard", "standard_zh"),
               ("max_photos", "max_photos"))


def moved(items: list, index: int, delta: int) -> list:
    """The list with one element moved by delta places (unchanged at either end)."""
    if not 0 <= index < len(items):
        raise IndexError(index)
    target = index + delta
    if not 0 <= target < len(items):
        return items
    items = list(items)
    items.insert(target, items.pop(index))
    return items


def move_section(defn: dict, s: int, delta: int) -> dict:
    """A copy with section s moved up (-1) or down (+1)."""
    out = copy.deepcopy(defn)
    out["sections"] = moved(out.get("sections") or [], s, delta)
    return out


def move_item(defn: dict, s: int, i: int, delta: int) -> dict:
    """A copy with item i of section s moved up or down within its section."""
    out = copy.deepcopy(defn)
    section = section_at(out, s)
    section["items"] = moved(section.get("items") or [], i, delta)
    return out


def delete_section(defn: dict, s: int) -> dict:
    """A copy without section s."""
    out = copy.deepcopy(defn)
    section_at(out, s)
    del out["sections"][s]
    return out


def delete_item(defn: dict, s: int, i: int) -> dict:
    """A copy without item i of section s (an emptied section is reported by the check)."""
    out = copy.deepcopy(defn)
    item_at(out, s, i)
    del out["sections"][s]["items"][i]
    return out


def add_section(defn: dict, section_id: str, title_zh: str, title_en: str) -> dict:
    """A copy with a new, empty section at the end."""
    out = copy.deepcopy(defn)
    out.setdefault("sections", []).append(
        {"id": section_id, "title": _texts(title_zh, title_en), "items": []})
    return out


def put_item(defn: dict, s: int, i: int | None, item: dict) -> dict:
    """A copy with item i of section s replaced (or appended when i is None)."""
    out = copy.deepcopy(defn)
    items = section_at(out, s).setdefault("items", [])
    if i is None:
        items.append(item)
    else:
        item_at(out, s, i)
        items[i] = item
    return out


def section_at(defn: dict, s: int) -> dict:
    """Section s (IndexError when there is none)."""
    sections = defn.get("sections") or []
    if not 0 <= s < len(sections):
        raise IndexError(s)
    return sections[s]


def item_at(defn: dict, s: int, i: int) -> dict:
    """Item i of section s (IndexError when there is none)."""
    items = section_at(defn, s).get("items") or []
    if not 0 <= i < len(items):
        raise IndexError(i)
    return items[i]


def earlier_items(defn: dict, s: int, i: int | None) -> list[dict]:
    """Items before position (s, i): what a show_if may point at."""
    out = []
    for s_index, section in enumerate(defn.get("sections") or []):
        for i_index, item in enumerate(section.get("items") or []):
            if (s_index, i_index) >= (s, i if i is not None else 10**6):
                return out
            out.append(item)
    return out


_PLACE = re.compile(r"^sections\[(\d+)\](?:\.items\[(\d+)\])?")


def problems_at(problems, s: int, i: int | None = None) -> list:
    """The problems that concern section s itself (``i`` None: its title, id, an empty
    item list) or item i of it, so the outline shows each beside what it is about."""
    found = []
    for problem in problems or ():
        match = _PLACE.match(problem.path or "")
        if match and int(match.group(1)) == s and (
                (match.group(2) is None and i is None)
                or (match.group(2) is not None and i is not None and int(match.group(2)) == i)):
            found.append(problem)
    return found


def field_of(path: str, s: int, i: int) -> str | None:
    """The form field a problem's path concerns, when it is about item i of section s."""
    prefix = f"sections[{s}].items[{i}]"
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix):].lstrip(".")
    for key, field in ITEM_FIELDS:
        if rest.startswith(key):
            return field
    return "type"


def _texts(zh: str, en: str) -> dict:
    return {"zh_CN": zh, "en": en} if en else {"zh_CN": zh}
