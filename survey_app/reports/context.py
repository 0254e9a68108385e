"""Words and lists from other features for the report: rectifications, conclusions, comments.

Each source feature may or may not be installed yet; a missing feature gives an empty part,
never an error. Numbers never come from here (see numbers.py).
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)


def _call(module: str, function: str, *args, **kwargs):
    """module.function(*args) or None when the feature (or the function) is not there."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    fn = getattr(mod, function, None)
    return fn(*args, **kwargs) if fn is not None else None


def rectifications(period_id: int) -> list[dict]:
    """Rectification tasks of the period: title, responsible, due, status (translated)."""
    rows = _call("survey_app.inspections.services", "rectification_status", period_id)
    return [_plain(r, ("title", "responsible", "due", "status")) for r in rows or []]


def conclusions(period_id: int) -> dict[str, list[str]]:
    """The third-party conclusions: strengths, problems, recommendations (lists of lines)."""
    found = _call("survey_app.assessments.services", "period_conclusions", period_id) or {}
    out = {}
    for key in ("strengths", "problems", "recommendations"):
        value = found.get(key) if isinstance(found, dict) else getattr(found, key, None)
        if isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        out[key] = list(value or [])
    return out


def comment_counts(period_id: int) -> dict:
    """Open-comment counts by dimension key (None = general)."""
    return _call("survey_app.surveys.services", "comment_counts", period_id) or {}


def comments(period_id: int, limit: int = 200) -> list[str]:
    """Open comments of the period that staff may choose quotes from."""
    return list(_call("survey_app.surveys.services", "open_comments", period_id,
                      limit=limit) or [])


def item_labels(period_id: int) -> dict[str, str]:
    """Item id → question text of the questionnaires used in the period."""
    return dict(_call("survey_app.surveys.services", "item_labels", period_id) or {})


def questionnaire_versions(period_id: int) -> list[dict]:
    """[{key, version, sha256}] of the questionnaires whose answers the period scored."""
    found = _call("survey_app.surveys.services", "questionnaire_versions", period_id) or []
    return [_plain(q, ("key", "version", "sha256")) for q in found]


def ticket_summary(community_id: int, months: int = 12) -> list[dict]:
    """Monthly ticket counts and handling rates for the notice board."""
    return list(_call("survey_app.feedback.services", "monthly_public_summary", community_id,
                      months=months) or [])


def _plain(obj, keys) -> dict:
    if isinstance(obj, dict):
        return {k: obj.get(k) for k in keys}
    return {k: getattr(obj, k, None) for k in keys}


def gather(period) -> dict:
    """Everything non-numeric the PDF shows for a period."""
    return {"rectifications": rectifications(period.id),
            "conclusions": conclusions(period.id),
            "item_labels": item_labels(period.id)}
