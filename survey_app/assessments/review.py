"""The lead assessor's review: items × assessors, spread, agreement, rescoring, sign-off."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit, transitions
from ..errors import FieldError, Forbidden
from ..extensions import db
from ..i18n import text_for
from ..ledger import acts as ledger
from ..models_base import utcnow
from ..stats.inputs import AssessmentData
from ..stats.result import AgreementResult
from ..stats.third_party import agreement, disputed_items, third_party_dimension_scores
from .models import (
    AssessmentProject,
    AssessmentRevision,
    AssessmentSignature,
    AssessorSheet,
    RevisionScore,
    SheetScore,
)
from .photos import photos_by_item
from .services import ensure_not_signing, is_lead, item_dimensions, scored_items, signatures

#: an item is highlighted when its range across assessors reaches this share of its maximum
HIGH_SPREAD = 0.30


@dataclass(frozen=True)
class ItemRow:
    """One item's scores across assessors and their spread."""

    item: object
    dimension: str | None
    max_points: float
    scores: list[float | None]
    mean: float | None
    low: float | None
    high: float | None
    sd: float | None
    n_na: int
    disagree: bool
    #: scored by fewer assessors than marked it not applicable: not scored until resolved
    disputed: bool = False


@dataclass(frozen=True)
class Analysis:
    """Everything the review and result pages show."""

    assessors: list
    rows: list[ItemRow]
    agreement: AgreementResult
    dimensions: dict
    dimension_labels: dict
    total: float | None
    n_disagree: int
    n_disputed: int = 0


def _matrix(items, assessor_ids: list[int], rows) -> np.ndarray:
    """items × assessors points (NaN = not applicable or not scored)."""
    index = {item.id: i for i, item in enumerate(items)}
    column = {a: j for j, a in enumerate(assessor_ids)}
    out = np.full((len(items), len(assessor_ids)), np.nan)
    for assessor_id, item_id, points in rows:
        if item_id in index and assessor_id in column and points is not None:
            out[index[item_id], column[assessor_id]] = points
    return out


def live_scores(project: AssessmentProject, submitted_only: bool = True):
    """(assessor users, matrix) of the current sheets, in one query."""
    sheets = [s for s in project.sheets if s.first_submitted_at or not submitted_only]
    query = (select(AssessorSheet.assessor_id, SheetScore.item_id, SheetScore.points)
             .join(SheetScore, SheetScore.sheet_id == AssessorSheet.id)
             .where(AssessorSheet.project_id == project.id))
    items = scored_items(project.questionnaire_version)
    ids = [s.assessor_id for s in sheets]
    return [s.assessor for s in sheets], _matrix(items, ids, db.session.execute(query))


def revision_scores(revision: AssessmentRevision):
    """(assessor users, matrix) as signed off in a revision, in one query."""
    project = revision.project
    rows = list(db.session.execute(
        select(RevisionScore.assessor_id, RevisionScore.item_id, RevisionScore.points)
        .where(RevisionScore.revision_id == revision.id)))
    order = {s.assessor_id: n for n, s in enumerate(project.sheets)}
    ids = sorted({r[0] for r in rows}, key=lambda a: order.get(a, len(order)))
    users = {s.assessor_id: s.assessor for s in project.sheets}
    items = scored_items(project.questionnaire_version)
    return [users.get(a) for a in ids], _matrix(items, ids, rows)


def _row(item, dimension, values: np.ndarray, disputed: bool = False) -> ItemRow:
    valid = values[np.isfinite(values)]
    n = valid.size
    sd = float(np.std(valid, ddof=1)) if n >= 2 else None
    low, high = (float(valid.min()), float(valid.max())) if n else (None, None)
    n_na = int(values.size - n)
    # mixed applicability (some assessors say not applicable) is a disagreement as well
    disagree = bool(n and ((high - low) >= HIGH_SPREAD * item.max_points or 0 < n_na))
    return ItemRow(item, dimension, float(item.max_points),
                   [float(v) if np.isfinite(v) else None for v in values],
                   None if disputed or not n else float(valid.mean()), low, high, sd, n_na,
                   disagree, disputed)


def analyse(project: AssessmentProject, assessors: list, matrix: np.ndarray) -> Analysis:
    """Per-item spread, agreement (ICC(2,1), ICC(2,k), Kendall's W) and S_3rd,d per METHOD M4."""
    definition = project.questionnaire_version.parsed
    items = scored_items(project.questionnaire_version)
    dimension_of = item_dimensions(project.questionnaire_version)
    dims = [dimension_of[i.id] for i in items]
    max_points = np.array([i.max_points for i in items], dtype=float)
    disputed = disputed_items(matrix)
    rows = [_row(item, dim, matrix[n], bool(disputed[n]))
            for n, (item, dim) in enumerate(zip(items, dims, strict=True))]
    data = AssessmentData(item_ids=tuple(i.id for i in items), item_dimensions=tuple(dims),
                          max_points=max_points, scores=matrix,
                          assessor_ids=tuple(str(getattr(a, "id", "")) for a in assessors))
    keys = [d.key for d in definition.dimensions]
    applicable = np.isfinite(matrix).any(axis=1) if matrix.shape[1] else np.zeros(len(items),
                                                                                   bool)
    applicable &= ~disputed
    total = None
    if applicable.any():
        means = np.array([r.mean if r.mean is not None else np.nan for r in rows])
        total = float(100 * means[applicable].sum() / max_points[applicable].sum())
    return Analysis(
        assessors=assessors, rows=rows, agreement=agreement(matrix, max_points),
        dimensions=third_party_dimension_scores(data, keys),
        dimension_labels={d.key: d.label for d in definition.dimensions}, total=total,
        n_disagree=sum(r.disagree for r in rows), n_disputed=sum(r.disputed for r in rows))


def evidence(project: AssessmentProject, revision: AssessmentRevision | None = None
             ) -> dict[str, list[dict]]:
    """Item id → the assessors' notes and photos (live submitted sheets, or a revision's notes)."""
    sheets = {s.assessor_id: s for s in project.sheets if s.first_submitted_at}
    if revision is not None:
        rows = select(RevisionScore.assessor_id, RevisionScore.item_id, RevisionScore.note) \
            .where(RevisionScore.revision_id == revision.id)
    else:
        rows = (select(AssessorSheet.assessor_id, SheetScore.item_id, SheetScore.note)
                .join(SheetScore, SheetScore.sheet_id == AssessorSheet.id)
                .where(AssessorSheet.project_id == project.id,
                       AssessorSheet.first_submitted_at.isnot(None)))
    notes = {(a, i): n for a, i, n in db.session.execute(rows)}
    pictures = photos_by_item(s.id for s in sheets.values())
    out: dict[str, list[dict]] = {}
    for item in scored_items(project.questionnaire_version):
        for assessor_id, sheet in sheets.items():
            note = notes.get((assessor_id, item.id)) or ""
            shots = pictures.get((sheet.id, item.id), [])
            if note or shots:
                out.setdefault(item.id, []).append(
                    {"assessor": sheet.assessor, "note": note, "photos": shots})
    return out


def latest_revision(project: AssessmentProject) -> AssessmentRevision | None:
    """The newest signed revision."""
    return project.revisions[-1] if project.revisions else None


# --------------------------------------------------------------------------- lead actions


def ensure_lead(project: AssessmentProject, user) -> None:
    """Forbidden unless the user is the project's lead assessor."""
    if not is_lead(project, user):
        raise Forbidden


def ready_to_sign(project: AssessmentProject) -> bool:
    """Every sheet submitted and the project under review."""
    return project.status == "review" and all(s.status == "submitted" for s in project.sheets)


def request_rescore(project: AssessmentProject, *, item_ids: list[str],
                    assessor_ids: list[int], note: str) -> list[AssessorSheet]:
    """Send single items back to chosen assessors; their sheets open for those items only."""
    if project.status != "review":
        raise FieldError("items", _("Items can be sent back only while the assessment "
                                         "is under review."))
    ensure_not_signing(project, "items")
    known = {i.id for i in scored_items(project.questionnaire_version)}
    items = [i for i in dict.fromkeys(item_ids or []) if i in known]
    if not items:
        raise FieldError("items", _("Choose at least one item to rescore."))
    sheets = [s for s in project.sheets if s.assessor_id in set(assessor_ids or [])]
    if not sheets:
        raise FieldError("assessors", _("Choose at least one assessor."))
    for sheet in sheets:
        if sheet.status == "draft":
            raise FieldError("assessors", _("%(name)s has not submitted yet.",
                                                 name=sheet.assessor.display_name))
        sheet.rescore_items = sorted(set(sheet.rescore_items) | set(items)) \
            if sheet.status == "rescore_requested" else items
        sheet.rescore_note = (note or "").strip()
        sheet.status = "rescore_requested"
    db.session.flush()
    _hooks().rescore_requested(project, sheets, (note or "").strip())
    audit.record("assessment.rescore_request", project, items=items,
                 assessors=[s.assessor_id for s in sheets], note=(note or "").strip())
    return sheets


def flagged_items(project: AssessmentProject) -> list:
    """The items still flagged high disagreement (or disputed) in the live scores."""
    assessors, matrix = live_scores(project)
    if not assessors:
        return []
    return [row.item for row in analyse(project, assessors, matrix).rows if row.disagree]


def sign(project: AssessmentProject, user, *, acknowledged: bool = False
         ) -> AssessmentRevision | None:
    """An assigned assessor signs from their own account; the last signature locks.

    The lead signs first (with the conclusions saved); the others then sign what the lead
    signed. Items still flagged high disagreement need the signer's ``acknowledged``.
    Returns the new revision when this signature completed it.
    """
    if not any(s.assessor_id == getattr(user, "id", None) for s in project.sheets):
        raise Forbidden()
    if project.status == "signed":
        raise FieldError("sign", _("This assessment is already signed and locked."))
    if not ready_to_sign(project):
        raise FieldError("sign", _("Every assessor must have submitted (no rescoring "
                                   "open) before the assessment can be signed off."))
    flagged = flagged_items(project)
    if flagged and not acknowledged:
        # each signer confirms for themselves that the disagreement was looked at
        raise FieldError("acknowledge", _(
            "%(n)d item(s) are still flagged high disagreement (%(items)s). Send them back "
            "for rescoring, or tick the box to confirm you sign with these scores.",
            n=len(flagged), items="、".join(text_for(i.text) for i in flagged)))
    # take the project's row first, so that simultaneous last signatures run one after the
    # other and the later one sees the earlier (and locks)
    if not transitions.advance(project, {"status": "review", "revision": project.revision},
                               {"status": "review"}):
        raise FieldError("sign", transitions.conflict_message())
    signed = signatures(project)
    _check_signer(project, user, signed)
    db.session.add(AssessmentSignature(project_id=project.id, revision=project.revision + 1,
                                       user_id=user.id, method="account",
                                       name=user.display_name or user.username))
    db.session.flush()
    audit.record("assessment.signature", project, revision=project.revision + 1,
                 user=user.id)
    if {s.assessor_id for s in project.sheets} <= set(signatures(project)):
        return sign_off(project, strengths=project.strengths, problems=project.problems,
                        recommendations=project.recommendations, user=project.lead)
    return None


def _check_signer(project: AssessmentProject, user, signed: dict) -> None:
    """The lead first, with complete conclusions; nobody twice."""
    if user.id in signed:
        raise FieldError("sign", _("You have already signed."))
    if user.id != project.lead_id and project.lead_id not in signed:
        raise FieldError("sign", _("The lead assessor signs first, with the conclusions."))
    if not (project.strengths and project.problems and project.recommendations):
        raise FieldError("strengths", _("Write the strengths, problems and recommendations "
                                        "before signing."))


def sign_off(project: AssessmentProject, *, strengths: str, problems: str,
             recommendations: str, user=None, signed_at=None) -> AssessmentRevision:
    """Lock the assessment as a new signed revision with the lead's conclusions.

    The one place an assessment becomes signed and locked (an act of record); ``sign``
    calls it when the last assessor has signed.
    """
    if not ready_to_sign(project):
        raise FieldError("strengths", _("Every assessor must have submitted (no rescoring "
                                             "open) before the assessment can be signed off."))
    if project.revision and not project.correction_reason:
        raise FieldError("strengths", _("A correction needs a reason."))
    if not transitions.advance(project, {"status": project.status, "revision": project.revision},
                               {"status": "signed", "revision": project.revision + 1}):
        raise FieldError("strengths", transitions.conflict_message())
    revision = AssessmentRevision(
        project_id=project.id, number=project.revision,
        signed_by_id=getattr(user, "id", None),
        signed_at=signed_at or utcnow(),
        strengths=strengths.strip(), problems=problems.strip(),
        recommendations=recommendations.strip(), reason=project.correction_reason)
    revision.scores = [RevisionScore(assessor_id=s.assessor_id, item_id=row.item_id,
                                     points=row.points, note=row.note)
                       for s in project.sheets for row in s.scores]
    db.session.add(revision)
    project.correction_reason = ""
    project.strengths, project.problems = revision.strengths, revision.problems
    project.recommendations = revision.recommendations
    db.session.flush()
    audit.record("assessment.sign_off", project, revision=revision.number,
                 reason=revision.reason, scores=len(revision.scores))
    ledger.assessment_signed(project, revision, signatures(project, revision.number).values())
    _hooks().assessment_signed(project, revision)
    return revision


def save_conclusions(project: AssessmentProject, *, strengths: str, problems: str,
                     recommendations: str) -> AssessmentProject:
    """Keep the lead's draft conclusions (signed only with the next revision)."""
    if project.status == "signed":
        raise FieldError("strengths", _("Start a correction to change the conclusions."))
    ensure_not_signing(project, "strengths")
    project.strengths, project.problems = (strengths or "").strip(), (problems or "").strip()
    project.recommendations = (recommendations or "").strip()
    db.session.flush()
    return project


def reopen(project: AssessmentProject, *, reason: str) -> AssessmentProject:
    """Start a correction of a signed assessment; the signed revision stays in force."""
    if project.status != "signed":
        raise FieldError("reason", _("Only a signed-off assessment can be corrected."))
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", _("A correction needs a reason."))
    if not transitions.advance(project, {"status": "signed"}, {"status": "review"}):
        raise FieldError("reason", transitions.conflict_message())
    project.correction_reason = reason
    db.session.flush()
    audit.record("assessment.reopen", project, revision=project.revision, reason=reason)
    return project


def _hooks():
    """notifications.hooks, imported late: notifications imports this feature's neighbours."""
    from ..notifications import hooks

    return hooks
