"""Two-party acts: propose, preview, confirm, withdraw (plain arguments; flush, never commit).

The company (staff) and the owners' committee may each propose closing, publishing,
reopening a period or taking its notice down; only the other party may confirm, and only with the hash of the
preview it was shown, so nobody confirms numbers they have not seen. An administrator is
neither party (an account that is both staff and committee is neither, too): two-party
acts need two people who each speak for one side.

confirm_close, confirm_publish, confirm_reopen and confirm_unpublish are the one place where
these acts happen; they call communities.services.change_period_status and
publishing.services.publish and withdraw.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, transitions
from ..communities.models import Period
from ..communities.services import change_period_status
from ..errors import FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..permissions import user_roles
from ..publishing import services as publishing
from ..results import hashing, records
from ..results import services as results
from ..results.texts import gettext as _
from . import previews
from .models import ACT_KINDS, PARTY_LABELS, ActProposal

#: the period status each act starts from
STARTS_FROM = {"close": ("open",), "publish": ("closed",), "reopen": ("closed", "published"),
               "unpublish": ("published",)}
#: the acts that need a written reason, which owners read (next revision, notice history)
REASONED = ("reopen", "unpublish")


def party_of(user, community_id: int) -> str | None:
    """'company' for staff, 'committee' for the owners' committee, None for anyone else."""
    roles = user_roles(user, community_id) & {"staff", "committee"}
    if len(roles) != 1:
        return None
    return "company" if roles == {"staff"} else "committee"


def _party(user, community_id: int, field: str) -> str:
    """The acting user's party, or a clear refusal."""
    party = party_of(user, community_id)
    if party is None:
        raise FieldError(field, _("Two-party acts are proposed and confirmed from the account "
                                  "of a company staff member or of an owners' committee "
                                  "member; this account speaks for neither party."))
    return party


def pending(period_id: int) -> ActProposal | None:
    """The period's proposal awaiting confirmation, if any."""
    return db.session.scalar(select(ActProposal).where(
        ActProposal.period_id == period_id, ActProposal.status == "pending"))


def proposals_of(period_id: int) -> list[ActProposal]:
    """Every proposal of a period, newest first."""
    return list(db.session.scalars(select(ActProposal).where(
        ActProposal.period_id == period_id).order_by(ActProposal.id.desc())))


def get_proposal(community_id: int, proposal_id: int) -> ActProposal:
    """A proposal of the community, or NotFound."""
    proposal = db.session.get(ActProposal, proposal_id)
    if proposal is None or proposal.community_id != community_id:
        raise NotFound(proposal_id)
    return proposal


def propose(user, period: Period, kind: str, note: str = "", reason: str = "") -> ActProposal:
    """Propose an act on a period for the other party to confirm (flushes)."""
    if kind not in ACT_KINDS:
        raise FieldError("kind", _("Unknown act."))
    party = _party(user, period.community_id, "kind")
    _check_can_start(period, kind)
    reason = (reason or "").strip()
    if kind == "reopen" and not reason:
        raise FieldError("reason", _("Write the reason for reopening: owners will read it on "
                                     "the notice of the next revision."))
    if kind == "unpublish" and not reason:
        raise FieldError("reason", _("Write the reason for taking the notice down: owners "
                                     "will read it in the notice history."))
    if pending(period.id) is not None:
        raise FieldError("kind", _("This period already has a proposal awaiting "
                                   "confirmation; confirm or withdraw it first."))
    proposal = ActProposal(community_id=period.community_id, period_id=period.id, kind=kind,
                           note=(note or "").strip() if kind == "publish" else "",
                           reason=reason if kind in REASONED else "",
                           proposed_by_id=user.id, proposer_party=party)
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except IntegrityError:  # another proposal for this period was made at the same moment
        raise FieldError("kind", transitions.conflict_message()) from None
    audit.record("act.propose", proposal, community_id=period.community_id, kind=kind)
    from ..notifications import hooks  # late: notifications imports feature modules

    hooks.act_proposed(proposal)
    return proposal


def _check_can_start(period: Period, kind: str) -> None:
    """FieldError unless the period's status allows the act."""
    if period.status not in STARTS_FROM[kind]:
        messages = {
            "close": _("Only an open period can be closed."),
            "publish": _("Only a closed period can be published; close it first."),
            "reopen": _("Only a closed or published period can be reopened."),
            "unpublish": _("Only a published period has a notice to take down."),
        }
        raise FieldError("kind", messages[kind])


def withdraw(user, proposal: ActProposal) -> ActProposal:
    """Withdraw a pending proposal (its proposer) or decline it (the other party); flushes."""
    _party(user, proposal.community_id, "proposal")
    _check_pending(proposal)
    if not transitions.advance(proposal, {"status": "pending"},
                               {"status": "withdrawn", "withdrawn_by_id": user.id,
                                "withdrawn_at": utcnow()}):
        _check_pending(proposal)
        raise FieldError("proposal", transitions.conflict_message())
    audit.record("act.withdraw", proposal, community_id=proposal.community_id)
    return proposal


def _check_pending(proposal: ActProposal) -> None:
    """FieldError when the proposal was already confirmed or withdrawn."""
    if proposal.status == "confirmed":
        raise FieldError("proposal", _("This proposal was already confirmed."))
    if proposal.status == "withdrawn":
        raise FieldError("proposal", _("This proposal was withdrawn; it can no longer be "
                                       "confirmed."))


def confirm(user, proposal: ActProposal, preview_hash: str | None) -> ActProposal:
    """Confirm the other party's proposal with the hash of the preview seen; the act happens."""
    party = _party(user, proposal.community_id, "proposal")
    _check_pending(proposal)
    if party == proposal.proposer_party:
        raise FieldError("proposal", _(
            "Needs confirmation by the other party: the %(party)s proposed this, so a member "
            "of the %(other)s confirms it from their own account.",
            party=PARTY_LABELS[party], other=PARTY_LABELS[_other(party)]))
    if not preview_hash:
        raise FieldError("preview", _("Open the preview first: confirming is possible only "
                                      "after seeing what owners will see."))
    # the conditional UPDATE first: of simultaneous confirmations exactly one goes on
    if not transitions.advance(proposal, {"status": "pending"}, {
            "status": "confirmed", "confirmed_by_id": user.id, "confirmer_party": party,
            "confirmed_at": utcnow(), "preview_hash": preview_hash}):
        _check_pending(proposal)
        raise FieldError("proposal", transitions.conflict_message())
    if previews.build(proposal).hash != preview_hash:
        raise FieldError("preview", _("What owners will see has changed since your preview; "
                                      "nothing was saved. Open the preview again."))
    ACTS[proposal.kind](proposal)
    records.changed(proposal.period)  # published or reopened: the overview row follows
    audit.record("act.confirm", proposal, community_id=proposal.community_id,
                 kind=proposal.kind, preview_hash=preview_hash)
    return proposal


def _other(party: str) -> str:
    return "committee" if party == "company" else "company"


def confirm_close(proposal: ActProposal) -> None:
    """Close the period and freeze its result of record (the next revision)."""
    period = proposal.period
    _check_can_start(period, "close")
    change_period_status(period, "closed")  # first: a competing close is refused here
    freeze_record(period, proposal, previews.reopen_reason(period.id))


def freeze_record(period: Period, proposal: ActProposal, reason: str):
    """Store the result the period has now as its next revision of record (the demo calls
    this for quarters it creates already closed)."""
    try:
        version, data = results.result_to_record(period)
    except results.ResultError as exc:
        raise FieldError("proposal", str(exc)) from None
    result = results.PeriodResult.from_dict(data)
    sources = results.load_period_sources(period.id, result.scheme.get("source_weights"))
    return records.store(
        period, version, data, inputs_hash=hashing.inputs_hash(period, result.scheme, sources),
        numbers_hash=hashing.numbers_hash(result),
        items=results.item_tables(period, sources), reason=reason,
        proposed_by_id=proposal.proposed_by_id, proposed_at=proposal.proposed_at,
        confirmed_by_id=proposal.confirmed_by_id)


def confirm_publish(proposal: ActProposal) -> None:
    """Put the period's result of record on the notice board (one notice, both names)."""
    period = proposal.period
    _check_can_start(period, "publish")
    record = records.current_record(period)
    if record is None:  # closed before results of record existed: freeze it now
        record = freeze_record(period, proposal, "")
    publishing.publish(period, proposal.note, by_id=proposal.confirmed_by_id,
                       proposal=proposal, record=record)


def confirm_reopen(proposal: ActProposal) -> None:
    """Reopen the period: its notice comes down, its record stays readable as superseded."""
    period = proposal.period
    _check_can_start(period, "reopen")
    active = publishing.active_publication(period.id)
    if active is not None:
        publishing.take_down(active, _("Reopened: %(reason)s", reason=proposal.reason),
                             by_id=proposal.confirmed_by_id)
    records.supersede(period.id)
    change_period_status(period, "open")


def confirm_unpublish(proposal: ActProposal) -> None:
    """Take the period's notice down with the proposal's reason: back to closed, its result
    of record unchanged (it may be published again, by both parties)."""
    period = proposal.period
    _check_can_start(period, "unpublish")
    active = publishing.active_publication(period.id)
    if active is None:
        raise FieldError("proposal", _("Only a published period has a notice to take down."))
    publishing.withdraw(period.community_id, active.id, proposal.reason,
                        by_id=proposal.confirmed_by_id)


ACTS = {"close": confirm_close, "publish": confirm_publish, "reopen": confirm_reopen,
        "unpublish": confirm_unpublish}
