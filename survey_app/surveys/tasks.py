"""Files a worker makes for a survey: the A4 poster, the sheets of code slips and the
responses export (tens of thousands of rows in a large community)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..errors import NotFound
from ..extensions import db
from ..jobs.files import file_task
from . import exports, printing
from .models import Survey

#: stands for the code in the slip address the request passes to the worker
CODE_MARK = "__CODE__"


def _survey(job) -> Survey:
    survey = db.session.get(Survey, job.subject_id)
    if survey is None:
        raise NotFound("the survey was deleted")
    return survey


def _back(job) -> str:
    return url_for("surveys.admin", community_id=job.community_id,
                   period_id=job.params["period_id"])


@file_task("survey_poster", "survey.view", _l("A4 poster (PDF)"), back=_back)
def render_poster(job) -> tuple[bytes, str]:
    """The survey's A4 poster with its QR code."""
    survey = _survey(job)
    return (printing.poster_pdf(survey, job.params["owner_url"]),
            f"poster-{survey.period.label}.pdf")


@file_task("survey_slips", "survey.codes", _l("Code slips (A4 PDF)"), back=_back)
def render_slips(job) -> tuple[bytes, str]:
    """Sheets of code slips of the whole community or one building (``reminder``: of the
    households not yet answered only)."""
    survey = _survey(job)
    params = job.params
    code_url = params["code_url"]
    missing = None
    if params.get("reminder"):
        # the households still not answered when the worker prints, not when it was asked
        from .chasing import missing_households

        missing = missing_households(survey, params.get("building_id"))
    pdf = printing.slips_pdf(survey, params.get("building_id"),
                             lambda code: code_url.replace(CODE_MARK, code),
                             params["owner_url"], household_ids=missing)
    suffix = f"-{params['building']}" if params.get("building") else ""
    prefix = "reminder-slips" if missing is not None else "slips"
    return pdf, f"{prefix}-{survey.period.label}{suffix}.pdf"


@file_task("survey_export", "survey.view", _l("Responses export"), back=_back)
def export_responses(job) -> tuple[bytes, str]:
    """Raw responses, one row each (CSV, or .xlsx with its codebook); no household identity."""
    survey = _survey(job)
    kind = job.params["format"]
    return exports.export_bytes(survey, kind), f"responses-{survey.period.label}.{kind}"
