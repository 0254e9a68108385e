"""Words and lists from other features for the report: rectifications, conclusions, comments.

Read-only queries live in ``sources_text``; numbers never come from here (see numbers.py).
"""

from __future__ import annotations

from . import sources_text


def rectifications(period_id: int, language: str = "zh_CN") -> list[dict]:
    """Rectification tasks of the period: title, responsible, due, status key."""
    return sources_text.rectification_status(period_id, language)


def conclusions(period_id: int) -> dict[str, list[str]]:
    """The third-party conclusions: strengths, problems, recommendations (lists of lines)."""
    return sources_text.period_conclusions(period_id)


def comment_counts(period_id: int) -> dict:
    """Open-comment counts by dimension key (None = general)."""
    return sources_text.comment_counts(period_id)


def comments(period_id: int, limit: int | None = 200) -> list[dict]:
    """Open comments of the period that staff may choose quotes from ({id, text, dimension})."""
    return sources_text.open_comments(period_id, limit=limit)


def item_labels(period_id: int, language: str = "zh_CN") -> dict[str, dict[str, str]]:
    """Per source: item id → question text of the questionnaires used in the period."""
    return sources_text.item_labels(period_id, language)


def questionnaire_versions(period_id: int) -> list[dict]:
    """[{source, key, version, sha256}] of the questionnaires whose answers the period scored."""
    return sources_text.questionnaire_versions(period_id)


def gather(period, language: str = "zh_CN") -> dict:
    """Everything non-numeric the PDF shows for a period."""
    return {"rectifications": rectifications(period.id, language),
            "conclusions": conclusions(period.id),
            "improvements": sources_text.improvement_counts(period.id),
            "inspections": sources_text.inspection_dates(period.id),
            "item_labels": item_labels(period.id, language)}
