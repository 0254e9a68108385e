"""Interface language: zh_CN by default, en available; text maps from definitions."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

from ..extensions import babel

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    """?lang= for this request, else the language chosen in the session, else zh_CN."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, demo seeding: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    code = request.args.get("lang")
    if code not in languages:
        code = session.get("lang")
    if code not in languages:
        code = current_app.config["BABEL_DEFAULT_LOCALE"]
    # Babel parses zh_CN as zh_Hans_CN: translations/zh_Hans_CN links to zh_CN so that
    # gettext finds the catalogue under the name Babel asks for.
    return code


def compile_catalogs(directory: Path = TRANSLATIONS_DIR, force: bool = False) -> list[Path]:
    """Compile each messages.po into messages.mo when missing or older."""
    written = []
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        if po_path.parent.parent.is_symlink():
            continue
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            written.append(mo_path)
    return written


def init_i18n(app) -> None:
    """Set up Flask-Babel, compiling catalogues that are missing."""
    compile_catalogs()
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS_DIR))
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.filters["tr"] = text_for


def current_locale() -> str:
    """The interface language as configured ('zh_CN' or 'en'), not Babel's 'zh_Hans_CN'."""
    locale = get_locale()
    if locale is None:
        return "zh_CN"
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def text_for(mapping, language: str | None = None) -> str:
    """The text of a {language: text} map in `language` (default: the interface language).

    Falls back to the language without region, then Chinese, then English, then any text.
    Chinese is written ``zh_CN``; ``zh`` is still read, as scheme versions stored before
    that rule may use it. A plain string is its own text.
    """
    if not mapping:
        return ""
    if isinstance(mapping, str):
        return mapping
    language = language or current_locale()
    for key in (language, language.split("_")[0], "zh_CN", "zh", "en"):
        if mapping.get(key):
            return mapping[key]
    return next(iter(mapping.values()), "")
