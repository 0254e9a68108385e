"""``flask translate``: catalogue maintenance (extract, update, compile, untranslated messages,
merging translations; writers are serialised by a lock)."""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import click
import yaml
from babel.messages.pofile import read_po, write_po
from flask import current_app
from flask.cli import AppGroup

from . import TRANSLATIONS_DIR


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


translate_cli = AppGroup("translate", help="Extract, update and compile translations.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


@translate_cli.command("update")
def translate_update():
    """Extract messages and merge them into the zh_CN and en catalogues."""
    root = Path(current_app.root_path).parent
    pot = TRANSLATIONS_DIR / "messages.pot"
    _pybabel("extract", "-F", str(root / "babel.cfg"), "-k", "_l", "--no-location",
             "--ignore-dirs", ".* __pycache__",
             "--sort-output", "-o", str(pot), str(root / "survey_app"))
    for lang in current_app.config["LANGUAGES"]:
        if not _po_path(lang).exists():
            _pybabel("init", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", lang)
            continue
        with locked(lang):
            _pybabel("update", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", lang,
                     "--no-fuzzy-matching", "--ignore-obsolete",
                     "--width", "100")


@translate_cli.command("compile")
def translate_compile():
    """Compile the catalogues."""
    from . import compile_catalogs

    for path in compile_catalogs(force=True):
        click.echo(f"compiled {path}")


@translate_cli.command("missing")
def translate_missing():
    """List zh_CN messages without a translation; exit 1 if any."""
    missing = untranslated("zh_CN")
    for msgid in missing:
        click.echo(msgid)
    if missing:
        raise SystemExit(1)


@translate_cli.command("fill")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
def translate_fill(source):
    """Merge translations from a YAML/JSON map {English msgid: Chinese} into zh_CN."""
    click.echo(f"filled {fill('zh_CN', source)} message(s)")
