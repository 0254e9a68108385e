"""The public notice board (公示): publish a period's summary, withdraw it, read it."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from .. import audit
from ..communities.models import Period
from ..communities.services import change_period_status
from ..errors import FieldError, NotFound
from ..extensions import db
from ..ledger import acts as ledger
from ..models_base import utcnow
from ..reports.data import rectification_status
from ..results import hashing, records
from ..results import services as results
from ..results.texts import gettext as _
from . import pdfs
from .models import Publication


def active_publication(period_id: int) -> Publication | None:
    """The period's publication that is currently on the board, if any."""
    return db.session.scalar(select(Publication).where(
        Publication.period_id == period_id, Publication.withdrawn_at.is_(None)))


def public_summary(period: Period) -> dict:
    """The frozen, public part of a period's result (of record, once closed)."""
    return summary_of(period, results.period_result(period))


def summary_of(period: Period, result) -> dict:
    """The public part of a result: index, grade, dimensions, closure."""
    comp, sample, insp, overall = result.composite, result.sample, result.inspection, \
        result.overall
    return {
        "period": period.label,
        "composite": comp.score, "grade": comp.grade, "grade_label": comp.grade_label or {},
        "dimensions": [{"key": key, "label": d.label or {}, "score": d.combined,
                        "satisfaction": d.owner.satisfaction.rate if d.owner else None}
                       for key, d in result.dimensions.items()],
        "satisfaction": overall.satisfaction.rate if overall else None,
        "responses": sample.responses if sample else None,
        "response_rate": sample.response_rate if sample else None,
        "rectifications_opened": insp.rectifications_opened if insp else None,
        "rectifications_verified": insp.rectifications_verified if insp else None,
        "closure_rate": insp.closure_rate if insp else None,
        "rectifications": rectification_status(period.id),
        "numbers_hash": hashing.numbers_hash(result),
    }


def publish(period: Period, note: str = "", *, by_id: int | None = None, proposal=None,
            record=None) -> Publication:
    """Put a period's summary of record on the notice board; its PDF is queued (flushes).

    Called only by survey_app.acts.services.confirm_publish, once the other party has
    confirmed the proposal after its preview; ``by_id`` is the confirming user.
    """
    if active_publication(period.id) is not None:
        raise FieldError("note", _("This period is already on the notice board."))
    if period.status != "closed":
        raise FieldError("note", _("Only a closed period can be published; close it first "
                                    "(it is %(status)s).", status=_status_label(period.status)))
    try:
        change_period_status(period, "published")
    except FieldError as exc:  # the period rules may change; their message is clear
        raise FieldError("note", str(exc)) from None
    publication = Publication(period_id=period.id, community_id=period.community_id,
                              summary=public_summary(period), note=(note or "").strip(),
                              published_by_id=by_id,
                              proposal_id=proposal.id if proposal is not None else None,
                              record_id=record.id if record is not None else None,
                              revision=record.revision if record is not None else 1,
                              revision_reason=record.reason if record is not None else "")
    db.session.add(publication)
    db.session.flush()
    audit.record("notice.publish", publication, period_id=period.id)
    ledger.results_published(publication)
    # the PDF takes seconds of WeasyPrint: a worker renders it from this publication's
    # record once the act is committed (publishing/pdfs.py); the board says so meanwhile
    pdfs.request_pdf(publication)
    from ..notifications import hooks  # late: notifications imports this feature's neighbours

    hooks.results_published(publication)
    return publication


def get_publication(community_id: int, publication_id: int) -> Publication:
    """A publication of the community, or NotFound."""
    publication = db.session.get(Publication, publication_id)
    if publication is None or publication.community_id != community_id:
        raise NotFound(publication_id)
    return publication


def propose_takedown(user, publication: Publication, reason: str):
    """Propose taking this notice down (a two-party act, survey_app/acts); flushes."""
    from ..acts import services as acts  # late: acts builds on this module

    if publication.withdrawn_at is not None:
        raise FieldError("reason", _("This publication was already withdrawn."))
    return acts.propose(user, publication.period, "unpublish", reason=reason)


def withdraw(community_id: int, publication_id: int, reason: str,
             by_id: int | None = None) -> Publication:
    """Take a publication off the board, keeping the record and the reason (flushes); only
    a confirmed two-party act (acts.services.confirm_unpublish) calls this."""
    publication = get_publication(community_id, publication_id)
    if publication.withdrawn_at is not None:
        raise FieldError("reason", _("This publication was already withdrawn."))
    take_down(publication, reason, by_id)
    period = publication.period
    if period.status == "published" and active_publication(period.id) is None:
        change_period_status(period, "closed")  # back to closed: it may be corrected, re-published
    records.changed(period)  # the overview no longer shows it as published
    audit.record("notice.withdraw", publication, reason=publication.withdraw_reason)
    ledger.results_withdrawn(publication)
    return publication


def take_down(publication: Publication, reason: str, by_id: int | None) -> None:
    """Mark a publication withdrawn with its reason; it stays readable in the history."""
    publication.withdrawn_at = utcnow()
    publication.withdrawn_by_id = by_id
    publication.withdraw_reason = reason.strip()[:500]
    db.session.flush()


def notice_board(community_id: int) -> list[Publication]:
    """Publications currently on a community's board, newest period first."""
    rows = db.session.scalars(select(Publication).join(Period).where(
        Publication.community_id == community_id, Publication.withdrawn_at.is_(None))
        .order_by(Period.start_date.desc()))
    return list(rows)


def live_rectifications_of(period_id: int) -> list[dict]:
    """A period's rectifications as they stand now, in the current language."""
    language = "en" if str(get_locale() or "zh_CN").startswith("en") else "zh_CN"
    return rectification_status(period_id, language)


def live_rectifications(publications: list[Publication]) -> dict[int, list[dict]]:
    """Period id → its rectifications as they stand now (owners follow them after publication)."""
    return {p.period_id: live_rectifications_of(p.period_id) for p in publications}


def period_publications(period_id: int) -> list[Publication]:
    """Every publication of a period, withdrawn ones included, newest first."""
    return list(db.session.scalars(select(Publication).where(
        Publication.period_id == period_id).order_by(Publication.published_at.desc(),
                                                      Publication.id.desc())))


def published_communities() -> list:
    """Communities with at least one publication on the board."""
    from ..communities.models import Community
    from ..disclosures.models import Disclosure

    ids = select(Publication.community_id).where(Publication.withdrawn_at.is_(None)).union(
        select(Disclosure.community_id).where(Disclosure.status == "published"))
    return list(db.session.scalars(select(Community).where(Community.id.in_(ids))
                                   .order_by(Community.name)))


def _status_label(status: str) -> str:
    from ..communities.models import PERIOD_STATUS_LABELS

    return str(PERIOD_STATUS_LABELS.get(status, status))

