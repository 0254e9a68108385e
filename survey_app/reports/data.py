"""Loaders of the words a report shows: rectifications, conclusions, comments, item texts.

The feature packages own these tables; the report only reads them (no writes, no services
with side effects). Owner anonymity: open comments are returned as text only, without the
response, building or household they came from.
"""

from __future__ import annotations

from flask_babel import format_datetime
from sqlalchemy import func, select

from ..extensions import db
from ..i18n import text_for
from ..questionnaires.models import QuestionnaireVersion

#: rectification status keys in the order the report lists them (open work first)
RECT_ORDER = ("reopened", "open", "in_progress", "submitted", "verified")


def pick(text_map: dict | None, language: str = "zh_CN") -> str:
    """A questionnaire text in the language, falling back to Chinese."""
    return text_for(text_map, language)


def _versions(ids) -> dict[int, QuestionnaireVersion]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = db.session.scalars(select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(ids)))
    return {v.id: v for v in rows}


def _survey(period_id: int):
    from ..surveys.models import Survey

    return db.session.scalar(select(Survey).filter_by(period_id=period_id))


def _inspection_version_ids(period_id: int) -> list[int]:
    from ..inspections.models import Inspection

    return list(db.session.scalars(select(Inspection.questionnaire_version_id)
                                   .where(Inspection.period_id == period_id).distinct()))


def _project(period_id: int):
    from ..assessments.models import AssessmentProject

    return db.session.scalar(select(AssessmentProject).filter_by(period_id=period_id))


def rectification_status(period_id: int, language: str = "zh_CN") -> list[dict]:
    """The period's counted rectification tasks (inspections.data.counted_rectifications):
    title (item and problem), responsible, due, status and whether it is overdue (逾期)."""
    from ..inspections.data import counted_rectifications, is_overdue
    from ..inspections.models import Rectification
    from ..inspections.services import local_today

    today = local_today()
    rows = db.session.execute(counted_rectifications(period_id)
                              .order_by(Rectification.due_date, Rectification.id)).all()
    versions = _versions(v for _r, v in rows)
    texts = {vid: _item_texts(v.parsed, language) for vid, v in versions.items()}
    out = []
    for rect, version_id in rows:
        item = texts.get(version_id, {}).get(rect.item_id, rect.item_id)
        out.append({"title": f"{item}：{rect.description}" if rect.description else item,
                    "item": item, "problem": rect.description, "dimension": rect.dimension,
                    "responsible": rect.department, "due": rect.due_date.isoformat(),
                    "status_key": rect.status, "status": rect.status,
                    "overdue": is_overdue(rect.status, rect.due_date, today)})
    out.sort(key=lambda r: (RECT_ORDER.index(r["status_key"])
                            if r["status_key"] in RECT_ORDER else 0, r["due"]))
    return out


def inspection_dates(period_id: int) -> dict[int, str]:
    """Inspection id → its date, to name the inspection a finding came from."""
    from ..inspections.models import Inspection

    rows = db.session.execute(select(Inspection.id, Inspection.inspection_date).where(
        Inspection.period_id == period_id))
    return {i: d.isoformat() for i, d in rows}


def period_conclusions(period_id: int) -> dict:
    """The latest signed third-party conclusions: strengths, problems, recommendations."""
    from ..assessments.models import AssessmentRevision

    project = _project(period_id)
    empty = {"strengths": [], "problems": [], "recommendations": [], "organisation": ""}
    if project is None or project.revision == 0:
        return empty
    revision = db.session.scalar(select(AssessmentRevision).where(
        AssessmentRevision.project_id == project.id).order_by(AssessmentRevision.number.desc())
        .limit(1))
    if revision is None:
        return empty
    return {key: _lines(getattr(revision, key)) for key in
            ("strengths", "problems", "recommendations")} | {
        "organisation": project.organisation.name if project.organisation else "",
        "signatures": _assessment_signatures(project.id, revision.number)}


def _assessment_signatures(project_id: int, revision: int) -> list[dict]:
    """Who signed the revision, each from their own account, and when (local time)."""
    from ..assessments.models import AssessmentSignature

    rows = db.session.scalars(select(AssessmentSignature).filter_by(
        project_id=project_id, revision=revision).order_by(AssessmentSignature.signed_at))
    return [{"name": row.name, "at": format_datetime(row.signed_at, "yyyy-MM-dd HH:mm")}
            for row in rows]


def _lines(text: str | None) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


# Each query also selects by period: the period index lists the responses in id order, so
# the answer index is probed in order (the survey's unique index is in household-key order:
# random probes, four times slower on 50,000 responses).
def _comment_rows(period_id: int, grouped: bool = False):
    """The definition and the period's submitted comments: (answer id, item id, text,
    response id) rows, or (item id, count) rows when grouped."""
    from ..surveys.models import Answer, Response

    survey = _survey(period_id)
    if survey is None:
        return None, []
    definition = survey.questionnaire.parsed
    ids = [i.id for i in definition.items() if i.type == "text"]
    if not ids:
        return definition, []
    columns = (Answer.item_id, func.count()) if grouped else (
        Answer.id, Answer.item_id, Answer.text, Answer.response_id)
    query = (select(*columns).join(Response, Response.id == Answer.response_id)
             .where(Response.period_id == survey.period_id, Response.survey_id == survey.id,
                    Response.status == "submitted",
                    Response.excluded_reason.is_(None), Answer.item_id.in_(ids),
                    Answer.text.is_not(None), func.length(func.trim(Answer.text)) > 0))
    query = query.group_by(Answer.item_id) if grouped else query.order_by(Answer.id)
    return definition, db.session.execute(query).all()


def improvement_counts(period_id: int) -> dict[str, int]:
    """Dimension key → owners who ticked it in a multiple-choice 'what to improve' question."""
    from ..surveys.models import Answer, Response

    survey = _survey(period_id)
    if survey is None:
        return {}
    definition = survey.questionnaire.parsed
    dims = definition.dimension_keys()
    items = [i.id for i in definition.items() if i.type == "multi_choice"
             and {str(o.value) for o in i.options or []} & set(dims)]
    if not items:
        return {}
    counts = dict.fromkeys(dims, 0)
    # grouped in SQL: 50,000 owners tick a few dozen distinct combinations
    for text, owners in db.session.execute(
            select(Answer.text, func.count()).join(Response, Response.id == Answer.response_id)
            .where(Response.period_id == survey.period_id, Response.survey_id == survey.id,
                   Response.status == "submitted",
                    Response.excluded_reason.is_(None), Answer.item_id.in_(items))
            .group_by(Answer.text)):
        for value in set((text or "").split(",")) & counts.keys():
            counts[value] += owners
    return counts


def comment_counts(period_id: int) -> dict[str | None, int]:
    """Open comments by the dimension of their question (None = general question)."""
    definition, rows = _comment_rows(period_id, grouped=True)
    dims = _dimensions(definition)
    counts: dict[str | None, int] = {}
    for item_id, comments in rows:
        key = dims.get(item_id)
        counts[key] = counts.get(key, 0) + comments
    order = definition.dimension_keys() if definition else []
    return dict(sorted(counts.items(), key=lambda kv: (
        order.index(kv[0]) if kv[0] in order else len(order))))


def open_comments(period_id: int, limit: int | None = 200) -> list[dict]:
    """Comments staff may quote: {id, text, dimension}, without any household information."""
    definition, rows = _comment_rows(period_id)
    dims = _dimensions(definition)
    out, seen = [], set()
    for answer_id, item_id, text, _response in rows:
        text = " ".join(text.split())
        if text in seen:  # the same sentence twice adds nothing to the choice
            continue
        seen.add(text)
        out.append({"id": answer_id, "text": text, "dimension": dims.get(item_id)})
    out.sort(key=lambda c: (c["dimension"] or "", c["text"]))
    return out[:limit]


def _dimensions(definition) -> dict[str, str | None]:
    """Item id → dimension (its own or its section's); one pass instead of a lookup per row."""
    if definition is None:
        return {}
    return {item.id: item.dimension or section.dimension
            for section in definition.sections for item in section.items}


def _item_texts(definition, language: str) -> dict[str, str]:
    return {item.id: pick(item.text, language) for item in definition.items()}


def item_labels(period_id: int, language: str = "zh_CN") -> dict[str, dict[str, str]]:
    """Per source ('owner', 'inspection', 'third_party'): item id → question text."""
    out: dict[str, dict[str, str]] = {"owner": {}, "inspection": {}, "third_party": {}}
    survey = _survey(period_id)
    if survey is not None:
        out["owner"] = _item_texts(survey.questionnaire.parsed, language)
    for version in _versions(_inspection_version_ids(period_id)).values():
        out["inspection"].update(_item_texts(version.parsed, language))
    project = _project(period_id)
    if project is not None:
        out["third_party"] = _item_texts(project.questionnaire_version.parsed, language)
    return out


def questionnaire_versions(period_id: int) -> list[dict]:
    """[{source, key, version, sha256}] of the questionnaires whose answers the period scored."""
    found = []
    survey = _survey(period_id)
    if survey is not None:
        found.append(("owner", survey.questionnaire))
    found += [("inspection", v) for v in
              sorted(_versions(_inspection_version_ids(period_id)).values(), key=lambda v: v.id)]
    project = _project(period_id)
    if project is not None:
        found.append(("third_party", project.questionnaire_version))
    return [{"source": source, "key": v.key, "version": v.version, "sha256": v.sha256}
            for source, v in found]


def gather(period, language: str = "zh_CN") -> dict:
    """Everything non-numeric the PDF shows for a period."""
    return {"rectifications": rectification_status(period.id, language),
            "conclusions": period_conclusions(period.id),
            "improvements": improvement_counts(period.id),
            "inspections": inspection_dates(period.id),
            "item_labels": item_labels(period.id, language),
            "compliance": commitment_compliance(period)}


def commitment_compliance(period) -> list:
    """Per handling step, how often the period's tickets kept the published service
    commitment (feedback/commitments.py), as the results page shows it."""
    from ..feedback.commitments import compliance

    steps = compliance(period.community_id, period.start_date, period.end_date)
    return steps if any(step.rate is not None for step in steps) else []
