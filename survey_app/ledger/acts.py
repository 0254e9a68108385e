"""The acts of record, each a one-line call from the service that performs it.

Each function gathers the act's canonical facts (ids, scores, hashes, names of the people
who acted; never anything that identifies an owner) and appends them to the ledger.
``actor`` defaults to the signed-in user until the acts take the acting user themselves.
"""

from __future__ import annotations

import hashlib
import math

from .. import audit
from ..extensions import db
from ..signing.models import SignatureImage
from .services import canonical_json, record_act

#: period status changes that are acts of record: (from, to) → act
PERIOD_ACTS = {("open", "closed"): "period.closed", ("closed", "open"): "period.reopened"}


def _finite(value):
    """The value with NaN and infinities as None (canonical JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _sha256(value) -> str:
    return hashlib.sha256(canonical_json(_finite(value)).encode("utf-8")).hexdigest()


def _record(act: str, subject, content: dict, actor):
    actor = audit.acting_user() if actor is None else actor
    return record_act(act, subject, _finite(content), actor=actor)


def inspection_signed(inspection, revision, signoffs: dict, actor=None):
    """The last participant signed: the inspection revision is locked."""
    people = {p.id: p for p in inspection.participants}
    signers = [{"name": people[pid].name, "organisation": people[pid].organisation,
                "role": people[pid].role, "signed_at": s.signed_at, "method": s.method,
                "signer_id": s.signer_id, "image_sha256": _image_sha256(s.image_id)}
               for pid, s in sorted(signoffs.items()) if pid in people]
    return _record("inspection.signed", inspection, {
        "community_id": inspection.community_id, "period_id": inspection.period_id,
        "inspection_id": inspection.id, "kind": inspection.kind,
        "date": inspection.inspection_date, "revision": revision.number,
        "questionnaire_sha256": getattr(inspection.questionnaire, "sha256", None),
        "totals": revision.totals, "signers": signers}, actor)


def _image_sha256(image_id: int | None) -> str | None:
    """The sha256 of a drawn signature (link signatures), so the image is sealed too."""
    return None if image_id is None else db.session.get(SignatureImage, image_id).sha256


def rectification_verified(rect, actor=None):
    """The committee confirmed a fix at re-inspection (复查)."""
    return _record("rectification.verified", rect, {
        "community_id": rect.community_id, "inspection_id": rect.inspection_id,
        "rectification_id": rect.id, "item_id": rect.item_id, "dimension": rect.dimension,
        "severity": rect.severity, "department": rect.department, "due_date": rect.due_date,
        "verified_at": rect.verified_at}, actor)


def assessment_signed(project, revision, signatures=(), actor=None):
    """Every assessor signed a revision of a third-party assessment (the lead first)."""
    scores = sorted([s.assessor_id, s.item_id, s.points] for s in revision.scores)
    return _record("assessment.signed", project, {
        "community_id": project.community_id, "period_id": project.period_id,
        "project_id": project.id, "organisation_id": project.organisation_id,
        "revision": revision.number, "signed_by_id": revision.signed_by_id,
        "signed_at": revision.signed_at, "scores": len(scores),
        "scores_sha256": _sha256(scores),
        "conclusions_sha256": _sha256([revision.strengths, revision.problems,
                                       revision.recommendations]),
        "signers": [{"user_id": s.user_id, "method": s.method, "signed_at": s.signed_at}
                    for s in signatures],
        "reason": revision.reason}, actor or revision.signed_by_id)


def period_status_changed(period, old: str, new: str, actor=None):
    """A period was closed or reopened (other moves are not acts of record here)."""
    act = PERIOD_ACTS.get((old, new))
    if act is None:
        return None
    return _record(act, period, {
        "community_id": period.community_id, "period_id": period.id, "label": period.label,
        "start_date": period.start_date, "end_date": period.end_date,
        "data_version": period.data_version, "from": old, "to": new}, actor)


def results_published(publication, actor=None):
    """A period went on the notice board: its numbers (its PDF follows, ``pdf_stored``)."""
    summary = publication.summary or {}
    return _record("results.published", publication, {
        "community_id": publication.community_id, "period_id": publication.period_id,
        "publication_id": publication.id, "period": summary.get("period"),
        "record_id": publication.record_id, "revision": publication.revision,
        "composite": summary.get("composite"), "grade": summary.get("grade"),
        "numbers_hash": summary.get("numbers_hash"), "summary_sha256": _sha256(summary),
        "published_at": publication.published_at}, actor or publication.published_by_id)


def pdf_stored(publication, stored, numbers_hash: str, actor=None):
    """A worker rendered a publication's PDF from its record and kept it: the file's sha256,
    tied to the publication's own entry, so a copy is checked against both."""
    from .services import entry_for

    published = entry_for("results.published", publication)
    return _record("results.pdf_stored", publication, {
        "community_id": publication.community_id, "period_id": publication.period_id,
        "publication_id": publication.id, "record_id": publication.record_id,
        "published_entry": published.entry_hash if published is not None else None,
        "numbers_hash": numbers_hash, "language": stored.language,
        "pdf_sha256": stored.sha256, "pdf_bytes": stored.size},
        actor or publication.published_by_id)


def results_withdrawn(publication, actor=None):
    """A publication was taken off the notice board, with its reason."""
    return _record("results.withdrawn", publication, {
        "community_id": publication.community_id, "period_id": publication.period_id,
        "publication_id": publication.id, "withdrawn_at": publication.withdrawn_at,
        "reason": publication.withdraw_reason}, actor or publication.withdrawn_by_id)
