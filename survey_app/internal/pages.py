"""Page data for internal inspections (the written record reuses the joint one's helpers)."""

from __future__ import annotations

from ..inspections import pages as joint_pages
from ..inspections import rectifications
from ..inspections.models import Inspection
from ..inspections.services import local_today
from . import services


def community(community_id: int, kind: str | None = None) -> dict:
    """The internal inspections of a community, their findings by time of day, their tasks."""
    found = services.archive(community_id, kind)
    profile = services.time_profile(found)
    return {"inspections": found, "totals": profile["totals"], "bands": profile["bands"],
            "night_share": profile["night_share"], "kind": kind,
            "summary": rectifications.summary(community_id, internal=True),
            "rects": rectifications.listing(community_id, status="active", internal=True),
            "today": local_today(), "item_text": rectifications.item_text}


def record(inspection: Inspection) -> dict:
    """The written record of an internal inspection."""
    return joint_pages.record(inspection)
