"""Catalogue maintenance: untranslated messages and merging translations (serialised by a lock)."""

from __future__ import annotations

import fcntl
import json
from contextlib import contextmanager
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

from .i18n import TRANSLATIONS_DIR


def _po_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"


@contextmanager
def locked(lang: str):
    """Serialise writers of one catalogue (several people may run fill at once)."""
    with open(_po_path(lang).with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(lang: str):
    with _po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def untranslated(lang: str) -> list[str]:
    """msgids without a (non-fuzzy) translation."""
    catalog = _read(lang)
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def fill(lang: str, source: Path) -> int:
    """Set translations from a {msgid: text} YAML/JSON map; returns how many were set."""
    text = Path(source).read_text(encoding="utf-8")
    mapping = json.loads(text) if str(source).endswith(".json") else yaml.safe_load(text)
    with locked(lang):
        catalog = _read(lang)
        count = 0
        for message in catalog:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in mapping:
                value = mapping[key]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
                count += 1
        with _po_path(lang).open("wb") as handle:
            write_po(handle, catalog, no_location=True, sort_output=True, width=100)
    return count
