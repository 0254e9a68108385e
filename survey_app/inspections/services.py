"""Inspection lifecycle: schedule, participants, sign-off and locking, corrections, archive."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit, transitions
from ..auth.models import User
from ..communities.models import Period
from ..errors import FieldError, NotFound
from ..extensions import db
from ..ledger import acts as ledger
from ..permissions import ensure, inspection_recorder, user_roles
from ..questionnaires.services import in_use
from . import checklist
from .models import (
    ACCOUNT_ROLES,
    EDITABLE,
    INTERNAL_KINDS,
    ORGANISATIONS,
    Inspection,
    ItemScore,
    Participant,
    Revision,
    Signoff,
)


def local_today() -> date:
    """Today in the app's time zone (deadlines are local dates)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Shanghai")
    return datetime.now(zone).date()


def get_inspection(community_id: int, inspection_id: int, internal: bool = False) -> Inspection:
    """A joint (or, with ``internal``, an internal) inspection of the community, or 404
    (other communities' inspections do not exist; each kind has its own pages)."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or inspection.community_id != community_id \
            or inspection.internal != internal:
        raise NotFound
    ensure("internal.view" if internal else "inspection.view", inspection.community_id)
    return inspection


def period_for(community_id: int, day: date) -> Period:
    period = db.session.scalar(
        select(Period).where(Period.community_id == community_id, Period.start_date <= day,
                             Period.end_date >= day).order_by(Period.start_date).limit(1))
    if period is None:
        raise FieldError("inspection_date",
                              _("No assessment period of this community covers this date."))
    return period


def schedule(community_id: int, *, kind: str, inspection_date: date, title: str = "",
             area: str = "", user=None, second_quarterly: bool = False) -> Inspection:
    """Schedule an inspection on the joint_inspection checklist the community uses."""
    ensure("inspection.edit", community_id)
    version = in_use("joint_inspection", community_id)
    if version is None:
        raise FieldError("kind", _("No joint inspection checklist has been published yet."))
    period = period_for(community_id, inspection_date)
    if kind == "quarterly" and not second_quarterly:
        _warn_second_quarterly(community_id, period)
    if not title:
        title = _("%(period)s joint inspection", period=period.label) if kind == "quarterly" \
            else _("Ad-hoc inspection %(date)s", date=inspection_date.isoformat())
    inspection = Inspection(community_id=community_id, period_id=period.id,
                            questionnaire_version_id=version.id, kind=kind, title=title.strip(),
                            inspection_date=inspection_date, area=area.strip(),
                            status="scheduled", revision=1, created_by_id=getattr(user, "id", None))
    db.session.add(inspection)
    db.session.flush()
    db.session.add(Revision(inspection_id=inspection.id, number=1,
                            created_by_id=getattr(user, "id", None)))
    audit.record("inspection.schedule", inspection, kind=kind, date=inspection_date.isoformat())
    return inspection


def _warn_second_quarterly(community_id: int, period: Period) -> None:
    """A quarter has one quarterly joint inspection: a second one needs the user's say-so."""
    earlier = db.session.scalar(select(Inspection).filter_by(
        community_id=community_id, period_id=period.id, kind="quarterly")
        .order_by(Inspection.inspection_date).limit(1))
    if earlier is not None:
        raise FieldError("second_quarterly", _(
            "%(period)s already has a quarterly joint inspection (%(title)s, %(date)s). Tick "
            "the box to schedule a second one anyway, or choose an ad-hoc inspection.",
            period=period.label, title=earlier.title, date=earlier.inspection_date.isoformat()))


def ensure_editable(inspection: Inspection) -> None:
    """Refuse changes to a signed (locked) inspection or one whose sign-off has begun."""
    ensure(inspection_recorder(inspection.kind), inspection.community_id)
    if inspection.status not in EDITABLE:
        raise FieldError("status", _("This inspection is signed and locked. Start a "
                                          "correction to change it."))
    if signoffs(inspection):
        raise FieldError("status", _("Participants have started signing this revision; "
                                          "scores and participants can no longer change."))


# --------------------------------------------------------------------------- participants


def add_participant(inspection: Inspection, *, name: str, organisation: str,
                    role: str = "", user_id: int | None = None) -> Participant:
    """Record a participant by name, organisation and role, with their account if they have one."""
    ensure_editable(inspection)
    if organisation not in ORGANISATIONS:
        raise FieldError("organisation", _("Choose an organisation."))
    account = _participant_account(inspection, organisation, user_id)
    name = name.strip() or (account.display_name if account is not None else "")
    if not name:
        raise FieldError("name", _("Enter the participant's name."))
    participant = Participant(inspection_id=inspection.id, name=name,
                              organisation=organisation, role=role.strip(),
                              user_id=account.id if account is not None else None)
    db.session.add(participant)
    db.session.flush()
    audit.record("inspection.participant.add", inspection, participant=participant.name,
                 organisation=organisation, role=participant.role, user_id=participant.user_id)
    return participant


def _participant_account(inspection: Inspection, organisation: str, user_id: int | None):
    """The account a participant signs from: of their organisation, once per inspection."""
    if not user_id:
        return None
    account = db.session.get(User, user_id)
    wanted = ACCOUNT_ROLES.get(organisation)
    if account is None or not account.active or wanted is None or \
            wanted not in user_roles(account, inspection.community_id):
        raise FieldError("user_id", _("Choose an account of the participant's organisation "
                                      "in this community, or none."))
    if any(p.user_id == account.id for p in inspection.participants):
        raise FieldError("user_id", _("This account is already a participant."))
    return account


def participant_accounts(inspection: Inspection) -> list:
    """Accounts that may be linked to a participant: committee members and company staff."""
    people = db.session.scalars(select(User).where(User.active.is_(True))
                                .order_by(User.display_name, User.username))
    return [u for u in people
            if set(ACCOUNT_ROLES.values()) & user_roles(u, inspection.community_id)]


def remove_participant(inspection: Inspection, participant_id: int) -> None:
    """Remove a participant who has not signed."""
    ensure_editable(inspection)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.inspection_id != inspection.id:
        raise NotFound
    audit.record("inspection.participant.remove", inspection, participant=participant.name)
    db.session.delete(participant)
    db.session.flush()


def signoffs(inspection: Inspection, revision: int | None = None) -> dict[int, Signoff]:
    """Signatures on a revision (default: the current one), by participant id."""
    rows = db.session.scalars(select(Signoff).filter_by(
        inspection_id=inspection.id, revision=revision or inspection.revision))
    return {s.participant_id: s for s in rows}


def unscored_items(inspection: Inspection) -> list[str]:
    """Checklist item ids without a score (or N/A) in the current revision."""
    done = set(db.session.scalars(select(ItemScore.item_id).filter_by(
        inspection_id=inspection.id, revision=inspection.revision)))
    return [i for i in checklist.items_by_id(inspection.questionnaire.parsed) if i not in done]


def lock_if_complete(inspection: Inspection) -> bool:
    """Lock the revision once every participant has signed and the committee is among them.

    The one place a record becomes signed and locked (an act of record): every way of
    signing ends here.
    """
    signed = signoffs(inspection)
    people = inspection.participants
    if not people or any(p.id not in signed for p in people):
        return False
    if not any(p.organisation == "committee" for p in people):
        return False
    rows = current_rows(inspection)
    revision = db.session.scalar(select(Revision).filter_by(
        inspection_id=inspection.id, number=inspection.revision))
    revision.signed_at = max(s.signed_at for s in signed.values())
    revision.totals = checklist.scores_of(rows)
    inspection.status = "signed"
    inspection.signed_revision = inspection.revision
    db.session.flush()
    audit.record("inspection.lock", inspection, revision=inspection.revision,
                 total=revision.totals.get("total"))
    ledger.inspection_signed(inspection, revision, signed)
    return True


def start_correction(inspection: Inspection, reason: str, user=None) -> Revision:
    """Open a new revision of a signed inspection; the signed one stays as it was."""
    ensure("inspection.edit", inspection.community_id)
    if inspection.status != "signed":
        raise FieldError("reason", _("Only a signed inspection can be corrected."))
    if not reason.strip():
        raise FieldError("reason", _("Say why the record is being corrected."))
    number = inspection.revision + 1
    if not transitions.advance(inspection, {"status": "signed", "revision": number - 1},
                               {"status": "correcting", "revision": number}):
        raise FieldError("reason", transitions.conflict_message())
    revision = Revision(inspection_id=inspection.id, number=number, reason=reason.strip(),
                        created_by_id=getattr(user, "id", None))
    db.session.add(revision)
    for row in current_rows(inspection, number - 1):
        db.session.add(ItemScore(
            inspection_id=inspection.id, revision=number, item_id=row.item_id,
            dimension=row.dimension, max_points=row.max_points, pass_line=row.pass_line,
            mode=row.mode, awarded=row.awarded, deduction_count=row.deduction_count,
            deduction_per=row.deduction_per, note=row.note, location=row.location,
            scored_by_id=row.scored_by_id))
    db.session.flush()
    audit.record("inspection.correction", inspection, revision=number, reason=revision.reason)
    return revision


def revisions(inspection: Inspection) -> list[Revision]:
    """Every revision, oldest first."""
    return list(db.session.scalars(select(Revision).filter_by(
        inspection_id=inspection.id).order_by(Revision.number)))


def current_rows(inspection: Inspection, revision: int | None = None) -> list[ItemScore]:
    """Item scores of a revision (default: the current one)."""
    return list(db.session.scalars(select(ItemScore).filter_by(
        inspection_id=inspection.id, revision=revision or inspection.revision)
        .order_by(ItemScore.id)))


# --------------------------------------------------------------------------- archive


def archive(community_id: int, *, date_from: date | None = None, date_to: date | None = None,
            status: str | None = None, dimension: str | None = None) -> list[Inspection]:
    """Inspections of a community, newest first, filtered by date, status and finding dimension."""
    query = select(Inspection).where(Inspection.community_id == community_id,
                                     Inspection.kind.not_in(INTERNAL_KINDS))
    if date_from:
        query = query.where(Inspection.inspection_date >= date_from)
    if date_to:
        query = query.where(Inspection.inspection_date <= date_to)
    if status:
        query = query.where(Inspection.status == status)
    if dimension:
        found = (select(ItemScore.inspection_id)
                 .where(ItemScore.dimension == dimension, ItemScore.awarded.is_not(None),
                        ItemScore.awarded < ItemScore.pass_line,
                        ItemScore.revision == Inspection.revision))
        query = query.where(Inspection.id.in_(found))
    return list(db.session.scalars(query.order_by(Inspection.inspection_date.desc(),
                                                  Inspection.id.desc())))


def totals_by_inspection(inspections: list[Inspection]) -> dict[int, dict]:
    """Overall score and finding count of each inspection's current revision (one query)."""
    if not inspections:
        return {}
    wanted = {(i.id, i.revision) for i in inspections}
    rows = db.session.scalars(select(ItemScore).where(
        ItemScore.inspection_id.in_([i.id for i in inspections])))
    grouped: dict[int, list[ItemScore]] = {i.id: [] for i in inspections}
    for row in rows:
        if (row.inspection_id, row.revision) in wanted:
            grouped[row.inspection_id].append(row)
    return {iid: {**checklist.scores_of(rs), "findings": sum(r.is_finding for r in rs),
                  "scored": len(rs)} for iid, rs in grouped.items()}


def quarter_coverage(community_id: int) -> list[tuple[Period, int]]:
    """Each period with its number of quarterly joint inspections (at least one is due)."""
    counts = dict(db.session.execute(
        select(Inspection.period_id, func.count(Inspection.id))
        .where(Inspection.community_id == community_id, Inspection.kind == "quarterly")
        .group_by(Inspection.period_id)).all())
    periods = db.session.scalars(select(Period).filter_by(community_id=community_id)
                                 .order_by(Period.start_date.desc()))
    return [(p, counts.get(p.id, 0)) for p in periods]
