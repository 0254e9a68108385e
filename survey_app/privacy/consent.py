"""The consent text owners agree to when they leave a name or phone, one entry per version.

A published version is never edited: a changed text is a new version, so every ticket's
``consent_version`` still names the exact words its owner agreed to.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..errors import FieldError
from ..i18n import text_for

CURRENT = "2026-12"

TEXTS = {
    "2026-12": {
        "zh_CN": "我同意物业服务中心使用我留下的姓名和电话，仅用于处理本次报修或投诉（联系上门时间、"
                 "告知处理结果和回访）。工单关闭 12 个月后，姓名、电话和房号将被删除；我也可以随时"
                 "通过物业服务中心要求导出或删除。",
        "en": "I agree that the service centre uses the name and phone I leave only to handle "
              "this request (agreeing a visit, telling me the outcome, the callback). Twelve "
              "months after the ticket is closed, name, phone and room are deleted; I may ask "
              "the service centre at any time to export or delete them.",
    },
}


def current_text() -> str:
    """The current consent text in the page's language."""
    return text_for(TEXTS[CURRENT])


def version_for(contact_name: str, contact_phone: str, agreed: bool) -> str:
    """The consent version to record with a report: "" without contact details; a name or
    phone without the consent ticked is refused (FieldError on ``contact_consent``)."""
    if not (contact_name or "").strip() and not (contact_phone or "").strip():
        return ""
    if not agreed:
        raise FieldError("contact_consent", _(
            "Please agree to how your name and phone are used, or leave them empty."))
    return CURRENT

