"""Template filters and globals shared by every feature."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date, format_datetime, get_locale

from .permissions import can


@dataclass(frozen=True)
class Link:
    """A navigation link shown to users holding a permission."""

    label: object
    permission: str
    endpoint: str | None = None
    url_for_period: Callable | None = None


_NAV: list[Link] = []
_PERIOD_LINKS: list[Link] = []


def nav_item(endpoint: str, label, permission: str) -> None:
    """Add a top-menu entry (features call this when imported)."""
    if all(link.endpoint != endpoint for link in _NAV):
        _NAV.append(Link(label, permission, endpoint=endpoint))


def period_link(key: str, label, permission: str, make_url: Callable) -> None:
    """Add a link shown beside each period: make_url(community, period) -> url."""
    if all(link.endpoint != key for link in _PERIOD_LINKS):
        _PERIOD_LINKS.append(Link(label, permission, endpoint=key, url_for_period=make_url))


def nav_items() -> list[dict]:
    """Menu entries the current user may use."""
    return [{"url": url_for(link.endpoint), "label": link.label}
            for link in _NAV if can(link.permission)]


def period_links(community, period) -> list[dict]:
    """Per-period links the current user may use in that community."""
    return [{"url": link.url_for_period(community, period), "label": link.label}
            for link in _PERIOD_LINKS if can(link.permission, community.id)]


def fmt_number(value, digits: int = 1) -> str:
    """A score for display; missing values show as a dash, never as 0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}f}"


def fmt_percent(value, digits: int = 1) -> str:
    """A share 0–1 as a percentage."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{100 * value:.{digits}f}%"


def list_separator() -> str:
    """How the current language separates listed names: 、 in Chinese, ', ' otherwise."""
    locale = get_locale()
    return "、" if locale is not None and locale.language == "zh" else ", "


def install(app) -> None:
    """Register the filters."""
    app.jinja_env.filters["num"] = fmt_number
    app.jinja_env.filters["pct"] = fmt_percent
    app.jinja_env.filters["date"] = lambda d, f="medium": format_date(d, f) if d else "—"
    app.jinja_env.filters["datetime"] = lambda d, f="short": format_datetime(d, f) if d else "—"
    from .communities.models import PERIOD_ACTION_LABELS, PERIOD_STATUS_LABELS

    app.jinja_env.globals["PERIOD_ACTION_LABELS"] = PERIOD_ACTION_LABELS

    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["period_links"] = period_links

    app.jinja_env.globals["PERIOD_STATUS_LABELS"] = PERIOD_STATUS_LABELS
    app.jinja_env.globals["list_sep"] = list_separator
    from .forms_base import field_error_text

    app.jinja_env.globals["field_error_text"] = field_error_text
    app.jinja_env.filters["join_list"] = lambda items: list_separator().join(map(str, items))
