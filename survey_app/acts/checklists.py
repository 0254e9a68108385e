"""Putting a joint-inspection checklist in use: a two-party act (DESIGN §3).

Either party (the company's staff or the owners' committee) proposes a community's joint
checklist draft exactly as it stands; only the other party confirms, from its own account,
with the hash of the checklist it previewed. The draft cannot change while the proposal
waits. Confirming freezes the draft as a questionnaire version, which the community's new
joint inspections use from then on (questionnaires.services.in_use). The parties and the
refusals are those of the period acts (acts.services).
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, transitions
from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..results.texts import gettext as _
from .models import PARTY_LABELS, ChecklistProposal
from .services import _other, _party, party_of  # noqa: F401  (party_of: the pages)


def content_hash(definition: dict) -> str:
    """sha256 of a draft's definition (key order ignored): what is proposed and confirmed."""
    text = json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pending_for(draft_id: int) -> ChecklistProposal | None:
    """The draft's proposal awaiting confirmation, if any."""
    return db.session.scalar(select(ChecklistProposal).where(
        ChecklistProposal.draft_id == draft_id, ChecklistProposal.status == "pending"))


def proposals_for(draft_id: int) -> list[ChecklistProposal]:
    """Every proposal of a draft, newest first."""
    return list(db.session.scalars(select(ChecklistProposal).where(
        ChecklistProposal.draft_id == draft_id).order_by(ChecklistProposal.id.desc())))


def get_proposal(community_id: int, proposal_id: int) -> ChecklistProposal:
    """A checklist proposal of the community, or NotFound."""
    proposal = db.session.get(ChecklistProposal, proposal_id)
    if proposal is None or proposal.community_id != community_id:
        raise NotFound(proposal_id)
    return proposal


def propose(user, draft) -> ChecklistProposal:
    """Propose a community's joint checklist draft for use (flushes)."""
    party = _party(user, draft.community_id, "draft")
    _check_proposable(draft)
    if pending_for(draft.id) is not None:
        raise FieldError("draft", _("This checklist already awaits the other party's "
                                    "confirmation."))
    proposal = ChecklistProposal(community_id=draft.community_id, draft_id=draft.id,
                                 content_hash=content_hash(draft.definition),
                                 proposed_by_id=user.id, proposer_party=party)
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except IntegrityError:  # the other party proposed the same draft at the same moment
        raise FieldError("draft", transitions.conflict_message()) from None
    audit.record("act.checklist.propose", proposal, community_id=draft.community_id,
                 draft_id=draft.id, content_hash=proposal.content_hash)
    from ..notifications import hooks  # late: notifications imports feature modules

    hooks.checklist_proposed(proposal, draft.title)
    return proposal


def _check_proposable(draft) -> None:
    """FieldError unless the draft is an unpublished, valid joint checklist of a community."""
    from ..questionnaires.drafts import problems_of

    if draft.community_id is None or draft.kind != "joint_inspection":
        raise FieldError("draft", _("Only a community's joint inspection checklist is put in "
                                    "use by both parties."))
    if draft.is_published:
        raise FieldError("draft", _("This draft is already published."))
    if problems_of(draft.definition):
        raise FieldError("draft", _("Correct the problems listed under Check first: the "
                                    "other party confirms a valid checklist."))


def withdraw(user, proposal: ChecklistProposal) -> ChecklistProposal:
    """Withdraw one's own proposal or decline the other party's (flushes)."""
    _party(user, proposal.community_id, "proposal")
    if not transitions.advance(proposal, {"status": "pending"}, {
            "status": "withdrawn", "withdrawn_by_id": user.id, "withdrawn_at": utcnow()}):
        raise FieldError("proposal", _("This proposal is no longer awaiting confirmation."))
    audit.record("act.checklist.withdraw", proposal, community_id=proposal.community_id)
    return proposal


def confirm(user, proposal: ChecklistProposal, preview_hash: str | None):
    """Confirm the other party's proposal with the hash of the checklist previewed; the
    draft is frozen as a version and the community's new inspections use it."""
    from ..questionnaires.drafts import freeze_draft

    party = _party(user, proposal.community_id, "proposal")
    if party == proposal.proposer_party:
        raise FieldError("proposal", _(
            "Needs confirmation by the other party: the %(party)s proposed this, so a member "
            "of the %(other)s confirms it from their own account.",
            party=PARTY_LABELS[party], other=PARTY_LABELS[_other(party)]))
    if not preview_hash:
        raise FieldError("preview", _("Open the preview first: confirming is possible only "
                                      "after seeing the checklist."))
    if preview_hash != proposal.content_hash or \
            content_hash(proposal.draft.definition) != proposal.content_hash:
        raise FieldError("preview", _("The checklist has changed since your preview; "
                                      "nothing was saved. Open the preview again."))
    # the conditional UPDATE first: of simultaneous confirmations exactly one goes on
    if not transitions.advance(proposal, {"status": "pending"}, {
            "status": "confirmed", "confirmed_by_id": user.id, "confirmer_party": party,
            "confirmed_at": utcnow()}):
        raise FieldError("proposal", _("This proposal is no longer awaiting confirmation."))
    version = freeze_draft(user, proposal.draft)
    proposal.version_id = version.id
    db.session.flush()
    audit.record("act.checklist.confirm", proposal, community_id=proposal.community_id,
                 version_id=version.id, content_hash=proposal.content_hash)
    return version
