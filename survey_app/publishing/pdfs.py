"""The notice PDF: rendered by a worker once the publication is committed, kept once.

Publishing (services.publish) is the act of record: the publication, its numbers and its
ledger entry. The publication's Chinese PDF report takes seconds of WeasyPrint, so a job
renders it afterwards from the publication's own revision of record (never from whatever
the period holds by then), keeps it (ledger.documents) and appends its own ledger entry,
``results.pdf_stored``, which names the publication's entry. Until then the notice board
says the PDF is being generated; staff see a failed render and may queue it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, transitions
from ..errors import FieldError, NotFound
from ..extensions import db
from ..jobs import create_job
from ..jobs import pages as job_pages
from ..jobs.models import Job
from ..jobs.services import retry_failed
from ..ledger import acts as ledger
from ..ledger import documents
from ..ledger.models import PublishedPdf
from .models import Publication

KIND = "notice_pdf"
#: how a job ended, kept in its progress field (the progress page shows it in words)
STORED, ALREADY = "notice_pdf_stored", "notice_pdf_already"
WITHDRAWN, NUMBERS_DIFFER = "notice_pdf_withdrawn", "notice_pdf_numbers_differ"
job_pages.PROGRESS.update({
    STORED: _l("The PDF was rendered from the publication's result of record and kept."),
    ALREADY: _l("The PDF of this publication was already kept; nothing was done again."),
    WITHDRAWN: _l("Not rendered: the publication was withdrawn before its PDF was made."),
    NUMBERS_DIFFER: _l("Not rendered: the result of record no longer gives the numbers "
                       "published, so no PDF is put under this publication."),
})


def request_pdf(publication: Publication) -> Job:
    """Queue the rendering of a publication's PDF for once the request commits (flushes)."""
    job = create_job(KIND, None, publication.community_id, publication.id)
    job.requested_by_id = publication.published_by_id
    db.session.flush()
    return job


def render_job(job: Job, release=None) -> None:
    """A worker renders, keeps and records the PDF of the job's publication, once;
    ``release`` (the worker's commit) runs once the numbers are gathered."""
    publication = db.session.get(Publication, job.subject_id)
    if publication is None:
        raise NotFound("the publication was deleted")
    job.progress = make_pdf(publication, release)
    db.session.flush()


def make_pdf(publication: Publication, release=None) -> str:
    """Render and keep a publication's PDF unless it exists or must not be made (flushes);
    returns how it ended (a progress key). The demo calls it directly: a command is not a
    request."""
    if documents.pdf_of(publication.id) is not None:
        return ALREADY  # a re-run: the worker was killed after the commit, or a retry
    if publication.withdrawn_at is not None:
        return WITHDRAWN  # reopened or withdrawn first: it never was on the board with a PDF
    from ..results import hashing  # late: results imports this feature (its pages link it)
    from ..results.models import PeriodRecord

    # the revision the publication names, even if a reopen superseded it since (without
    # one, a publication made directly by publish(): the numbers the period serves now)
    record = db.session.get(PeriodRecord, publication.record_id) \
        if publication.record_id is not None else None
    doc = documents.report_input(publication.period, record)
    numbers_hash = hashing.numbers_hash(doc.result)
    if numbers_hash != (publication.summary or {}).get("numbers_hash"):
        return NUMBERS_DIFFER  # never another result under this publication's name
    publication_id = publication.id
    if release is not None:
        release()  # no lock held through WeasyPrint (SQLite has one writer)
    pdf = documents.write_report(doc)
    return STORED if keep(db.session.get(Publication, publication_id), pdf, numbers_hash) \
        else ALREADY


def keep(publication: Publication, pdf: bytes, numbers_hash: str) -> bool:
    """Keep the PDF and append its ledger entry together (flushes); False when another run
    of the job kept one first (the unique publication_id of published_pdf refuses it)."""
    try:
        with db.session.begin_nested():
            stored = documents.store_published_pdf(publication, pdf)
            ledger.pdf_stored(publication, stored, numbers_hash)
    except IntegrityError:
        digest, relative = documents.file_for(publication.community_id, pdf)
        kept = documents.pdf_of(publication.id)
        if kept is None or kept.sha256 != digest:  # our bytes are nobody's file: tidy up
            (documents.published_dir() / relative).unlink(missing_ok=True)
        return False
    return True


@dataclass(frozen=True)
class PdfStatus:
    """Where a publication's PDF stands, for the notice board."""

    stored: PublishedPdf | None
    job: Job | None

    @property
    def state(self) -> str:
        """ready, pending (queued or rendering), failed, skipped (with a reason) or none
        (publications from before PDFs were kept)."""
        if self.stored is not None:
            return "ready"
        if self.job is None:
            return "none"
        if self.job.state == "failed":
            return "failed"
        return "skipped" if self.job.state == "done" else "pending"

    @property
    def reason(self) -> str:
        """Why a job ended without a PDF, in words."""
        key = self.job.progress if self.job is not None else ""
        return str(job_pages.PROGRESS.get(key, key or ""))


def latest_job(publication: Publication) -> Job | None:
    """The newest PDF job of a publication."""
    return db.session.scalar(select(Job).where(
        Job.kind == KIND, Job.community_id == publication.community_id,
        Job.subject_id == publication.id).order_by(Job.id.desc()).limit(1))


def status_of(publication: Publication) -> PdfStatus:
    """The PDF of a publication: kept, being made, failed or not to be made."""
    stored = documents.pdf_of(publication.id)
    return PdfStatus(stored, None if stored is not None else latest_job(publication))


def retry(community_id: int, publication_id: int) -> Job:
    """Queue a publication's PDF again after its render failed (flushes; queued on commit)."""
    publication = db.session.get(Publication, publication_id)
    if publication is None or publication.community_id != community_id:
        raise NotFound(publication_id)
    status = status_of(publication)
    if status.state == "ready":
        raise FieldError("pdf", _("The PDF of this publication is already kept."))
    if status.state == "pending":
        raise FieldError("pdf", _("The PDF is being generated already; this page shows it "
                                  "once it is ready."))
    if publication.withdrawn_at is not None:
        raise FieldError("pdf", _("This publication was withdrawn; its PDF is no longer "
                                  "made."))
    if status.state != "failed":
        raise FieldError("pdf", _("Only a PDF whose generation failed can be generated "
                                  "again."))
    if not retry_failed(status.job):
        raise FieldError("pdf", transitions.conflict_message())
    audit.record("notice.pdf_retry", publication, job_id=status.job.id)
    return status.job
