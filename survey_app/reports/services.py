"""Stored PDF reports: generate, regenerate, list, open (numbers from the results service)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..communities.models import Community, Period
from ..errors import FieldError, NotFound
from ..extensions import db
from ..jobs import create_job
from ..jobs.models import Job
from ..results import services as results
from . import data, pages
from .models import REPORT_LANGUAGES, Report
from .pdf import ReportInput, local_now, write_pdf

MAX_QUOTES = 12
MAX_QUOTE_CHARS = 400


def get_report(community_id: int, report_id: int) -> Report:
    """A stored report of the community, or 404."""
    report = db.session.get(Report, report_id)
    if report is None or report.community_id != community_id:
        raise NotFound
    return report


def period_reports(period_id: int) -> list[Report]:
    """Stored reports of a period, newest first."""
    return list(db.session.scalars(select(Report).where(Report.period_id == period_id)
                                   .order_by(Report.created_at.desc(), Report.id.desc())))


def quotable_comments(period_id: int) -> list[dict]:
    """The period's open comments offered as quotes (text only, no household information)."""
    return data.open_comments(period_id)


def chosen_quotes(period: Period, ids) -> list[str]:
    """The texts of the open comments staff ticked; unknown ids or too many are refused."""
    ids = list(dict.fromkeys(int(i) for i in ids or []))
    if len(ids) > MAX_QUOTES:
        raise FieldError("quotes", _("At most %(n)d quotes.", n=MAX_QUOTES))
    texts = {c["id"]: c["text"] for c in data.open_comments(period.id, limit=None)}
    unknown = [i for i in ids if i not in texts]
    if unknown:
        raise FieldError("quotes", _("Choose comments from the list of this period."))
    return [texts[i][:MAX_QUOTE_CHARS] for i in ids]


def build_input(period: Period, language: str, quotes: list[str],
                record=None) -> tuple[ReportInput, dict]:
    """Gather numbers (results; ``record``: that revision of record), words and comments;
    returns the input and its hashes."""
    numbers = results.report_numbers(period, record)
    hashes = {"inputs_hash": numbers.inputs_hash, "scheme_sha256": numbers.scheme_sha256,
              "numbers_hash": numbers.numbers_hash,
              "questionnaires": data.questionnaire_versions(period.id)}
    words = data.gather(period, language)
    numbers = replace(numbers, items=pages.in_questionnaire_order(numbers.items,
                                                                  words["item_labels"]))
    doc = ReportInput(community=period.community, period=period, numbers=numbers,
                      language=language, quotes=quotes,
                      comments=data.comment_counts(period.id), context=words,
                      meta=dict(hashes))
    return doc, hashes


def new_report(period: Period, language: str, quote_ids=(), user=None) -> Report:
    """``user``'s new report of a period, not rendered yet (flushes)."""
    if language not in REPORT_LANGUAGES:
        raise FieldError("language", _("Choose Chinese or English."))
    quotes = chosen_quotes(period, quote_ids)
    report = Report(period_id=period.id, community_id=period.community_id, language=language,
                    quotes=quotes, pdf_path="", scheme={}, scheme_sha256="", inputs_hash="",
                    numbers_hash="", created_by_id=getattr(user, "id", None))
    db.session.add(report)
    db.session.flush()
    return report


def generate_report(period: Period, language: str, quote_ids=(), user=None) -> Report:
    """``user`` renders and stores a new PDF report of a period now (flushes; CLI, bench)."""
    report = new_report(period, language, quote_ids, user)
    _render_into(report, period)
    audit.record("report.generate", report, period_id=period.id, language=language,
                 inputs_hash=report.inputs_hash)
    return report


def request_report(period: Period, language: str, quote_ids=(), user=None) -> Job:
    """``user`` asks for a new report; a worker renders it (flushes; returns the job)."""
    report = new_report(period, language, quote_ids, user)
    audit.record("report.generate", report, period_id=period.id, language=language)
    return create_job("report", user, period.community_id, report.id,
                      {"period_id": period.id, "regenerate": False})


def request_regenerate(report: Report, user=None) -> Job:
    """``user`` asks for a stored report to be rendered again (flushes; returns the job)."""
    return create_job("report", user, report.community_id, report.id,
                      {"period_id": report.period_id, "regenerate": True})


def render_job(job: Job, release: Callable[[], None] | None = None) -> None:
    """A worker renders the report of a job (first time or again) and offers its file;
    ``release`` (the worker's commit) runs once the numbers are gathered, before rendering."""
    report = db.session.get(Report, job.subject_id)
    if report is None:
        raise NotFound("the report was deleted")
    if job.params.get("regenerate"):
        previous = report.numbers_hash
        regenerate_report(report, release)
        job.progress = "numbers_same" if previous == report.numbers_hash else "numbers_changed"
    else:
        _render_into(report, report.period, release)
    job.result_path, job.result_name = report.pdf_path, download_name(report)
    db.session.flush()


def regenerate_report(report: Report, release: Callable[[], None] | None = None) -> Report:
    """Render a stored report again from the current data; the PDF file is replaced."""
    previous = report.numbers_hash
    _render_into(report, report.period, release)
    audit.record("report.regenerate", report, same_numbers=previous == report.numbers_hash,
                 inputs_hash=report.inputs_hash)
    return report


def _render_into(report: Report, period: Period,
                 release: Callable[[], None] | None = None) -> None:
    started = time.perf_counter()
    doc, hashes = build_input(period, report.language, list(report.quotes or []))
    if release is not None:
        # gathering the numbers may have cached a result: on SQLite (one writer) that insert
        # would hold the write lock through seconds of WeasyPrint and stall every owner's
        # submission (bench/jobs.py measured a 10 s p99); the cache row stands on its own
        release()
    doc.meta["generated_at"] = local_now().strftime("%Y-%m-%d %H:%M")  # community time
    rendered = write_pdf(doc)
    relative = Path(str(period.community_id)) / f"report-{report.id}-{period.id}.pdf"
    path = reports_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(rendered.pdf)
    tmp.replace(path)  # atomic: a download never sees half a file
    composite = doc.result.composite
    report.scheme = doc.result.scheme
    report.scheme_sha256 = hashes["scheme_sha256"]
    report.inputs_hash = hashes["inputs_hash"]
    report.numbers_hash = hashes["numbers_hash"]
    report.questionnaire_versions = hashes["questionnaires"]
    report.composite = composite.score
    report.grade = composite.grade
    report.pdf_path = str(relative)
    report.pdf_bytes = len(rendered.pdf)
    report.pages = rendered.pages
    report.seconds = round(time.perf_counter() - started, 3)
    db.session.flush()


def reports_dir() -> Path:
    """Where PDFs are stored (config REPORTS_DIR)."""
    return Path(current_app.config["REPORTS_DIR"])


def report_file(report: Report) -> Path:
    """The stored PDF of a report, or 404 when the file is gone."""
    path = reports_dir() / report.pdf_path
    if not report.pdf_path or not path.is_file():
        raise NotFound
    return path


def download_name(report: Report) -> str:
    """A readable file name: community, period, language."""
    community = db.session.get(Community, report.community_id)
    return f"{community.code}-{report.period.label}-{report.language}-{report.id}.pdf"


def pending_jobs(period_id: int) -> dict[int, Job]:
    """Report id → its latest unfinished job, for "being generated" links."""
    rows = db.session.scalars(select(Job).where(
        Job.kind == "report", Job.state.in_(("queued", "running")),
        Job.community_id == select(Period.community_id).where(Period.id == period_id)
        .scalar_subquery()).order_by(Job.id))
    return {job.subject_id: job for job in rows if job.params.get("period_id") == period_id}
