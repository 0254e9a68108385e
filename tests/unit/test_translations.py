"""Every message in the code and templates has a Chinese (zh_CN) translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2")]


def _extracted(method_map=METHOD_MAP) -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "survey_app"), method_map,
            keywords={"_": None, "gettext": None, "_l": None, "lazy_gettext": None,
                      "ngettext": (1, 2), "N_": None}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_chinese_translation():
    with (ROOT / "survey_app/translations/zh_CN/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog if m.id and not m.fuzzy
        and all(m.string if isinstance(m.string, tuple) else (m.string,))
    }
    missing = sorted(_extracted() - translated)
    assert not missing, "untranslated (run flask translate update, then fill): " + repr(missing)


def test_translations_keep_placeholders_and_escape_percent_signs():
    """Templates apply ``%`` to every translated string, so a lone % would be a 500."""
    import re

    with (ROOT / "survey_app/translations/zh_CN/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    placeholder = re.compile(r"%\((\w+)\)[sd.0-9f]*")
    in_templates = _extracted([("**.html", "jinja2")])
    problems = []
    for message in catalog:
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        if set(placeholder.findall(message.id)) != set(placeholder.findall(message.string)):
            problems.append(f"placeholders differ: {message.id!r} → {message.string!r}")
        if message.id not in in_templates:
            continue
        names = {name: 1 for name in placeholder.findall(message.string)}
        try:
            message.string % names if names else message.string % {}
        except (ValueError, TypeError, KeyError):
            problems.append(f"bad % in translation of {message.id!r}: {message.string!r}")
    assert not problems, "\n".join(problems)
