"""Each party signs for itself: from its own account, or on its own phone through a link.

The recorder (committee) never signs for anyone: a participant with an account signs from
that account; one without an account gets a one-time signing link (QR code on the
recorder's phone) and gives their name and a drawn signature. The last signature locks the
record through ``services.lock_if_complete``.
"""

from __future__ import annotations

from flask_babel import gettext as _

from .. import audit, transitions
from ..errors import FieldError, Forbidden, NotFound
from ..extensions import db
from ..signing import services as links
from . import checklist, services
from .models import EDITABLE, ORGANISATIONS, Inspection, Participant, Signoff

PURPOSE = "inspection"


def participant_of(inspection: Inspection, participant_id: int) -> Participant:
    """A participant of this inspection, or NotFound."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.inspection_id != inspection.id:
        raise NotFound()
    return participant


def ensure_signable(inspection: Inspection, participant: Participant, field: str) -> None:
    """Refuse a locked revision, unscored items and a second signature."""
    if inspection.status not in ("scheduled", "in_progress", "correcting"):
        raise FieldError(field, _("This record is already signed and locked."))
    missing = services.unscored_items(inspection)
    if missing:
        raise FieldError(field, _("Score every item before signing (%(n)d left).",
                                  n=len(missing)))
    if participant.id in services.signoffs(inspection):
        raise FieldError(field, _("This participant has already signed."))


def _record(inspection: Inspection, participant: Participant, **fields) -> Signoff:
    """Add the signature, write the audit line, lock when it was the last one."""
    # take the inspection's row first: two last signatures at the same moment then run one
    # after the other, and the later one sees the earlier and locks (PostgreSQL included)
    if not transitions.advance(inspection, {"status": EDITABLE, "revision": inspection.revision},
                               {"status": inspection.status}):
        raise FieldError("link", _("This record is already signed and locked."))
    if participant.id in services.signoffs(inspection):  # the same person, a moment earlier
        raise FieldError("sign", _("This participant has already signed."))
    signoff = Signoff(inspection_id=inspection.id, participant_id=participant.id,
                      revision=inspection.revision, **fields)
    db.session.add(signoff)
    db.session.flush()
    audit.record("inspection.signoff", inspection, participant=participant.name,
                 organisation=participant.organisation, method=signoff.method,
                 revision=inspection.revision, signed_at=signoff.signed_at.isoformat())
    services.lock_if_complete(inspection)
    return signoff


def sign_as_account(inspection: Inspection, participant_id: int, user) -> Signoff:
    """The participant signs from their own account; any other account is refused."""
    participant = participant_of(inspection, participant_id)
    if participant.user_id is None or participant.user_id != getattr(user, "id", None):
        raise Forbidden()
    ensure_signable(inspection, participant, "sign")
    return _record(inspection, participant, method="account", typed_name=participant.name,
                   signer_id=user.id, recorded_by_id=user.id)


def issue_link(inspection: Inspection, participant_id: int, user) -> tuple[Participant, object,
                                                                            str]:
    """A one-time signing link for a participant without an account (the recorder shows it;
    the route allows only those who may edit the inspection)."""
    participant = participant_of(inspection, participant_id)
    if participant.user_id is not None:
        raise FieldError("sign", _("This participant has an account and signs from it."))
    ensure_signable(inspection, participant, "sign")
    link, token = links.issue(PURPOSE, participant.id, user)
    audit.record("inspection.signing_link", inspection, participant=participant.name,
                 expires_at=link.expires_at.isoformat())
    return participant, link, token


def _subject(link) -> tuple[Inspection, Participant]:
    participant = db.session.get(Participant, link.subject_id)
    if participant is None:
        raise NotFound()
    return participant.inspection, participant


def summary(link) -> dict:
    """What the signer sees before signing: the record's summary, and that it is signable."""
    inspection, participant = _subject(link)
    ensure_signable(inspection, participant, "link")
    scores = checklist.scores_of(services.current_rows(inspection))
    findings = sum(r.is_finding for r in services.current_rows(inspection))
    total = scores.get("total")
    return {
        "title": inspection.title,
        "community": inspection.period.community.name,
        "signer": f"{ORGANISATIONS[participant.organisation]}"
                  + (f" · {participant.role}" if participant.role else ""),
        "lines": [
            (_("Date"), inspection.inspection_date.isoformat()),
            (_("Period"), inspection.period.label),
            (_("Areas to inspect"), inspection.area or "—"),
            (_("Overall score"), "—" if total is None else f"{total:.1f}"),
            (_("Findings"), str(findings)),
            (_("Revision"), str(inspection.revision)),
            # counts, not names: the page must not tell a stranger whose name to type
            (_("Signatures"), _("%(done)d of %(all)d", done=len(services.signoffs(inspection)),
                                 all=len(inspection.participants))),
        ],
    }


def sign_with_link(link, *, name: str, png: bytes, device: str) -> Signoff:
    """Complete a link: the name must match the registration (never revealed)."""
    inspection, participant = _subject(link)
    ensure_signable(inspection, participant, "link")
    if not links.same_name(name, participant.name):
        raise FieldError("name", _("The name does not match the registration."))
    image = links.store_image(png)
    return _record(inspection, participant, method="link", typed_name=name[:80],
                   image_id=image.id, link_id=link.id, device=device,
                   recorded_by_id=link.created_by_id)


links.register(PURPOSE, links.Handler(summary=summary, complete=sign_with_link))
