"""What the confirmer sees before confirming, and the hash that proves they saw it.

The preview of closing or publishing is the notice exactly as owners will see it (the same
template partial as the notice board); of reopening, the revision that will be superseded
and the reason; of taking the notice down, the notice that comes down and the reason. Its
sha256 goes into the confirm form; confirm() rebuilds the preview and refuses when the
hashes differ, so numbers that moved after the preview are never confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import select

from ..communities.models import Period
from ..extensions import db
from ..publishing import services as publishing
from ..results import hashing, records
from ..results import services as results
from .models import ActProposal


@dataclass
class Preview:
    """A proposal's preview: a notice as it will appear (close, publish) or the record to
    supersede (reopen); ``content`` is what the hash covers."""

    kind: str
    content: dict
    notice: SimpleNamespace | None = None
    record: object | None = None
    #: unpublish: the notice now on the board, which comes down
    publication: object | None = None
    error: str | None = None
    hash: str = field(default="")


def reopen_reason(period_id: int) -> str:
    """The reason of the period's latest confirmed reopen (the next revision's reason)."""
    if records.next_revision(period_id) == 1:
        return ""
    return db.session.scalar(select(ActProposal.reason).where(
        ActProposal.period_id == period_id, ActProposal.kind == "reopen",
        ActProposal.status == "confirmed").order_by(ActProposal.id.desc()).limit(1)) or ""


def build(proposal: ActProposal) -> Preview:
    """The preview of a proposal as it stands now."""
    period = proposal.period
    if proposal.kind == "reopen":
        preview = _reopen(proposal, period)
    elif proposal.kind == "unpublish":
        preview = _unpublish(proposal, period)
    else:
        try:
            preview = _notice(proposal, period)
        except results.ResultError as exc:
            preview = Preview(proposal.kind, {"error": str(exc)}, error=str(exc))
    preview.hash = hashing.canonical_hash({"proposal": proposal.id, **preview.content})
    return preview


def _notice(proposal: ActProposal, period: Period) -> Preview:
    """The notice owners will see: the record's summary (publish) or the result to freeze."""
    record = records.current_record(period)
    if record is not None:
        result, revision, reason = records.result_of(record), record.revision, record.reason
    else:
        _version, data = results.result_to_record(period)
        result = results.PeriodResult.from_dict(data)
        revision, reason = records.next_revision(period.id), reopen_reason(period.id)
    summary = publishing.summary_of(period, result)
    content = {"kind": proposal.kind, "period_id": period.id, "summary": summary,
               "note": proposal.note, "revision": revision, "reason": reason}
    notice = SimpleNamespace(period_id=period.id, summary=summary, note=proposal.note,
                             revision=revision, revision_reason=reason, published_at=None,
                             proposal=proposal, preview=True)
    return Preview(proposal.kind, content, notice=notice)


def _reopen(proposal: ActProposal, period: Period) -> Preview:
    """The revision that a reopen supersedes, the reason and whether a notice comes down."""
    record = records.current_record(period)
    content = {"kind": "reopen", "period_id": period.id, "status": period.status,
               "reason": proposal.reason,
               "revision": record.revision if record else None,
               "numbers_hash": record.numbers_hash if record else None,
               "next_revision": records.next_revision(period.id)}
    return Preview("reopen", content, record=record)


def _unpublish(proposal: ActProposal, period: Period) -> Preview:
    """The notice that comes down (as it stands on the board) and the reason owners read."""
    active = publishing.active_publication(period.id)
    content = {"kind": "unpublish", "period_id": period.id, "status": period.status,
               "reason": proposal.reason,
               "publication_id": active.id if active else None,
               "summary": active.summary if active else None}
    return Preview("unpublish", content, publication=active)
