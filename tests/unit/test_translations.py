"""Every message in the code and templates has a Chinese (zh_CN) translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2")]


def _extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "survey_app"), METHOD_MAP,
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
