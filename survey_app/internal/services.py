"""Internal inspections: record, finish, list; the scoring and rectification loop is the joint
inspections' own (inspections.scoring, inspections.rectifications), never a copy."""

from __future__ import annotations

from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..errors import FieldError
from ..extensions import db
from ..inspections import checklist
from ..inspections.models import INTERNAL_KINDS, Inspection, Revision
from ..inspections.services import (
    current_rows,
    ensure_editable,
    period_for,
    totals_by_inspection,
)
from ..models_base import utcnow
from ..permissions import ensure
from ..questionnaires.services import in_use
from . import analysis

CHECKLIST_KIND = "internal_inspection"


def schedule(community_id: int, *, kind: str, inspection_date: date, start_time: time | None,
             inspector: str = "", inspector_from: str = "", area: str = "", title: str = "",
             user=None) -> Inspection:
    """``user`` records an internal inspection of the community on the internal checklist."""
    ensure("internal.record", community_id)
    if kind not in INTERNAL_KINDS:
        raise FieldError("kind", _("Choose the kind of internal inspection."))
    if start_time is None:
        raise FieldError("start_time", _("Enter the time the inspection started."))
    if kind == "cross" and not inspector_from.strip():
        raise FieldError("inspector_from", _(
            "A cross inspection is made by someone from another department or community: "
            "name where the inspector comes from."))
    version = in_use(CHECKLIST_KIND, community_id)
    if version is None:
        raise FieldError("kind", _("No internal inspection checklist has been published yet."))
    period = period_for(community_id, inspection_date)
    inspector = inspector.strip() or getattr(user, "display_name", "") or \
        getattr(user, "username", "")
    inspection = Inspection(
        community_id=community_id, period_id=period.id, questionnaire_version_id=version.id,
        kind=kind, title=(title.strip() or _title(kind, inspection_date))[:200],
        inspection_date=inspection_date, start_time=start_time, area=area.strip(),
        inspector=inspector[:80], inspector_from=inspector_from.strip()[:120],
        status="scheduled", revision=1, created_by_id=getattr(user, "id", None))
    db.session.add(inspection)
    db.session.flush()
    db.session.add(Revision(inspection_id=inspection.id, number=1,
                            created_by_id=getattr(user, "id", None)))
    audit.record("inspection.schedule", inspection, kind=kind, date=inspection_date.isoformat(),
                 time=start_time.isoformat(timespec="minutes"), inspector=inspection.inspector,
                 inspector_from=inspection.inspector_from)
    return inspection


def _title(kind: str, day: date) -> str:
    """A default title: the kind and the date."""
    return f"{INTERNAL_KINDS[kind]} {day.isoformat()}"


def finish(inspection: Inspection, user=None) -> Revision:
    """The inspector closes the record: its scores count from now on (no committee sign-off:
    the company signs its own check)."""
    ensure_editable(inspection)
    rows = current_rows(inspection)
    if not rows:
        raise FieldError("finish", _("Score at least one checklist item before finishing."))
    revision = db.session.scalar(select(Revision).filter_by(
        inspection_id=inspection.id, number=inspection.revision))
    revision.signed_at = utcnow()
    revision.totals = checklist.scores_of(rows)
    inspection.status = "signed"
    inspection.signed_revision = inspection.revision
    db.session.flush()
    audit.record("inspection.lock", inspection, revision=inspection.revision,
                 total=revision.totals.get("total"), by=getattr(user, "id", None))
    return revision


def archive(community_id: int, kind: str | None = None) -> list[Inspection]:
    """A community's internal inspections, newest first, optionally of one kind."""
    kinds = [kind] if kind in INTERNAL_KINDS else list(INTERNAL_KINDS)
    return list(db.session.scalars(
        select(Inspection).where(Inspection.community_id == community_id,
                                 Inspection.kind.in_(kinds))
        .order_by(Inspection.inspection_date.desc(), Inspection.id.desc())))


def time_profile(inspections: list[Inspection]) -> dict:
    """Findings by time of day (day / night bands) and the night share of all findings."""
    totals = totals_by_inspection(inspections)
    bands = analysis.by_time_of_day([
        (i.start_time, totals[i.id]["findings"], totals[i.id]["scored"]) for i in inspections])
    return {"bands": bands, "night_share": analysis.night_share(bands), "totals": totals}
