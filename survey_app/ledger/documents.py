"""Published PDFs: render and keep the Chinese report of a publication; match an upload."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import FieldError, NotFound
from ..extensions import db
from .models import PublishedPdf

LANGUAGE = "zh_CN"
#: a PDF starts with this (some writers put a few bytes before it; the format allows 1024)
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
CHUNK = 1 << 16
#: acts whose content records a publication's pdf_sha256: its own entry, written by the
#: worker that rendered it; before PDFs left the request, the publication's entry itself
PDF_ACTS = ("results.pdf_stored", "results.published")


def published_dir() -> Path:
    """Where published PDFs are kept: REPORTS_DIR/published (written once, never replaced)."""
    return Path(current_app.config["REPORTS_DIR"]) / "published"


def report_input(period, record):
    """What the period's Chinese report shows, from that revision of its record (gathered in
    the caller's transaction, before the seconds of rendering)."""
    from ..reports.pdf import local_now
    from ..reports.services import build_input

    doc, _hashes = build_input(period, LANGUAGE, [], record)
    doc.meta["generated_at"] = local_now().strftime("%Y-%m-%d %H:%M")  # community time
    return doc


def write_report(doc) -> bytes:
    """Render a gathered report input into PDF bytes (WeasyPrint: 2–15 s)."""
    from ..reports.pdf import write_pdf

    return write_pdf(doc).pdf


def file_for(community_id: int, pdf: bytes) -> tuple[str, Path]:
    """(sha256, path relative to published_dir) a published PDF is kept under."""
    digest = hashlib.sha256(pdf).hexdigest()
    return digest, Path(str(community_id)) / f"{digest}.pdf"


def store_published_pdf(publication, pdf: bytes) -> PublishedPdf:
    """Keep the publication's PDF with its sha256 (flushes; the unique publication_id
    refuses a second one with IntegrityError)."""
    digest, relative = file_for(publication.community_id, pdf)
    path = published_dir() / relative
    if not path.is_file():  # named by content: an existing file already holds these bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{time.time_ns()}.tmp")
        tmp.write_bytes(pdf)
        tmp.replace(path)
    stored = PublishedPdf(publication_id=publication.id, community_id=publication.community_id,
                          period_id=publication.period_id, language=LANGUAGE, sha256=digest,
                          size=len(pdf), path=str(relative))
    db.session.add(stored)
    db.session.flush()
    return stored


def pdf_of(publication_id: int) -> PublishedPdf | None:
    """The stored PDF of a publication, if one was kept."""
    return db.session.scalar(select(PublishedPdf).filter_by(publication_id=publication_id))


def pdfs_of(publication_ids) -> dict[int, PublishedPdf]:
    """Publication id → its stored PDF, in one query."""
    ids = list(publication_ids)
    rows = db.session.scalars(select(PublishedPdf).where(PublishedPdf.publication_id.in_(ids)))
    return {row.publication_id: row for row in rows} if ids else {}


def withdrawn_publication(community_id: int, publication_id: int):
    """The publication of this community when it was taken off the board, else None."""
    from ..publishing.models import Publication

    publication = db.session.get(Publication, publication_id)
    if publication is None or publication.community_id != community_id or publication.active:
        return None
    return publication


def published_file(community_id: int, publication_id: int) -> tuple[PublishedPdf, Path]:
    """The stored PDF of a publication still on the board, checked against its sha256."""
    from ..publishing.models import Publication

    publication = db.session.get(Publication, publication_id)
    stored = pdf_of(publication_id)
    if publication is None or publication.community_id != community_id or \
            not publication.active or stored is None:
        raise NotFound()
    path = published_dir() / stored.path
    if not path.is_file() or sha256_of_file(path) != stored.sha256:
        # never hand out a file that is not the one published
        current_app.logger.error("published PDF %s is missing or altered", stored.path)
        raise NotFound()
    return stored, path


def altered_files() -> list[PublishedPdf]:
    """Kept published PDFs whose file is missing or no longer has its sha256."""
    rows = db.session.scalars(select(PublishedPdf).order_by(PublishedPdf.id))
    return [row for row in rows if not (published_dir() / row.path).is_file()
            or sha256_of_file(published_dir() / row.path) != row.sha256]


def sha256_of_file(path: Path) -> str:
    """sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- verification

@dataclass(frozen=True)
class Match:
    """A publication whose stored PDF has the uploaded file's sha256."""

    publication: object
    stored: PublishedPdf
    community: object
    period: object
    ledger_entry: object | None


def check_upload(stream, max_bytes: int) -> tuple[str, int]:
    """(sha256, size) of an uploaded file that is a PDF within the limit; FieldError if not."""
    head = stream.read(MAGIC_WINDOW)
    if not head:
        raise FieldError("pdf", no_file_message())
    if PDF_MAGIC not in head:
        raise FieldError("pdf", _("This file is not a PDF. Choose the PDF report you "
                                  "downloaded or received."))
    digest, size = hashlib.sha256(head), len(head)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        size += len(chunk)
        if size > max_bytes:
            raise FieldError("pdf", too_large_message(max(1, max_bytes // (1024 * 1024))))
        digest.update(chunk)
    return digest.hexdigest(), size


def no_file_message() -> str:
    """What an empty upload is told."""
    return _("Choose a PDF file to check.")


def too_large_message(max_mb: int) -> str:
    """What a file over the limit is told."""
    return _("The file is larger than %(mb)d MB; a published report is much smaller.",
             mb=max_mb)


def matches(sha256: str) -> list[Match]:
    """Every publication whose published PDF has exactly this sha256, newest first."""
    from ..communities.models import Community, Period
    from ..publishing.models import Publication

    rows = db.session.execute(
        select(PublishedPdf, Publication, Community, Period)
        .join(Publication, Publication.id == PublishedPdf.publication_id)
        .join(Community, Community.id == Publication.community_id)
        .join(Period, Period.id == Publication.period_id)
        .where(PublishedPdf.sha256 == sha256)
        .order_by(Publication.published_at.desc(), Publication.id.desc())).all()
    return [Match(pub, stored, community, period, pdf_entry(pub.id, stored.sha256))
            for stored, pub, community, period in rows]


def pdf_entry(publication_id: int, sha256: str):
    """The ledger entry recording this sha256 as the publication's PDF, if there is one."""
    from .services import entry_for

    for act in PDF_ACTS:
        entry = entry_for(act, ("publication", publication_id))
        if entry is not None and json.loads(entry.content).get("pdf_sha256") == sha256:
            return entry
    return None


def unrecorded_files() -> list[PublishedPdf]:
    """Kept published PDFs whose sha256 no ledger entry records (the row was forged)."""
    rows = db.session.scalars(select(PublishedPdf).order_by(PublishedPdf.id))
    return [row for row in rows if pdf_entry(row.publication_id, row.sha256) is None]


def verify_upload(stream, max_bytes: int) -> tuple[str, list[Match]]:
    """Check an uploaded file; (its sha256, the publications it is), FieldError if none."""
    sha256, _size = check_upload(stream, max_bytes)
    # a kept row no ledger entry records was not made by the app: it proves nothing
    found = [m for m in matches(sha256) if m.ledger_entry is not None]
    if not found:
        raise FieldError("pdf", _("This PDF is not a published report: its fingerprint "
                                  "(sha256) matches no report on any notice board. It may "
                                  "have been changed, or it is a draft."))
    return sha256, found
