"""Printed material: the QR code, the A4 poster and the A4 sheets of cut-out code slips."""

from __future__ import annotations

import io

import segno
from flask import render_template
from sqlalchemy import func, select

from ..communities.models import Building, Household
from ..errors import NotFound
from ..extensions import db
from .models import AccessCode, Survey
from .services import definition_of

SLIPS_PER_PAGE = 10
SLIP_QR_MASK = 2


def qr_bytes(url: str, kind: str) -> tuple[bytes, str]:
    """The QR code of a URL as SVG or PNG bytes, with its MIME type."""
    buffer = io.BytesIO()
    code = segno.make(url, error="m")
    if kind == "svg":
        code.save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        return buffer.getvalue(), "image/svg+xml"
    code.save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue(), "image/png"


def _qr_uri(url: str, scale: int = 4) -> str:
    return segno.make(url, error="m").png_data_uri(scale=scale, border=1)


def pdf_from_html(html: str, url_fetcher=None) -> bytes:
    """A printable HTML page as PDF bytes, with the process's one font configuration."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=url_fetcher).render(font_config=_fonts()).write_pdf()


_FONT_CONFIG = None


def _fonts():
    """One WeasyPrint FontConfiguration per process: fontconfig is set up only once."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def poster_pdf(survey: Survey, url: str) -> bytes:
    """An A4 poster: title, QR code, link and instructions in Chinese."""
    html = render_template("surveys/print/poster.html", survey=survey, url=url,
                           qr=_qr_uri(url, 10), definition=definition_of(survey))
    return pdf_from_html(html)


def questionnaire_pdf(survey: Survey, household_id: int | None = None,
                      language: str = "zh_CN") -> bytes:
    """The survey's A4 paper questionnaire, blank or with one household's room printed."""
    from ..questionnaires.exports import PaperHeading, paper_pdf

    household = None
    if household_id is not None:
        household = db.session.get(Household, household_id)
        if household is None or household.community_id != survey.community_id:
            raise NotFound
    heading = PaperHeading(survey.community.name, survey.period.label,
                           household.label if household else None)
    return paper_pdf(definition_of(survey), heading, language)


def slip_rows(survey: Survey, building_id: int | None = None,
              household_ids: list[int] | None = None) -> list[tuple]:
    """(building, unit, room, code) of every household with a code (or of those listed), in
    building order."""
    query = (select(Building.name, Household.unit, Household.room, AccessCode.code)
             .join(Household, AccessCode.household_id == Household.id)
             .join(Building, Household.building_id == Building.id)
             .where(AccessCode.survey_id == survey.id)
             # shorter first: room 101 … 902 before 1001 (numbers are stored as text)
             .order_by(Building.sort_key, Building.name, func.length(Household.unit),
                       Household.unit, func.length(Household.room), Household.room))
    if building_id:
        query = query.where(Building.id == building_id)
    if household_ids is not None:
        query = query.where(Household.id.in_(household_ids))
    return list(db.session.execute(query))


def building_name(survey: Survey, building_id: int) -> str | None:
    """The name of a building of the survey's community (None for any other id)."""
    return db.session.scalar(select(Building.name).filter_by(id=building_id,
                                                             community_id=survey.community_id))


def slip_qr_png(url: str) -> bytes:
    """A slip's QR code: a 1-bit PNG with one pixel per module (the PDF scales it up sharp).

    A fixed mask pattern: choosing the best of the eight (segno's default) took 7 ms per
    code in pure Python, most of the time of a whole-community sheet. Every mask gives a
    valid code; the slips test decodes them.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=SLIP_QR_MASK, micro=False).save(
        buffer, kind="png", scale=1, border=1)
    return buffer.getvalue()


def slips_pdf(survey: Survey, building_id: int | None, code_url, entry_url: str,
              household_ids: list[int] | None = None) -> bytes:
    """A4 pages of ten cut-out slips, each with the room, the code and its QR code.

    ``building_id`` None: the whole community in building order (about 600 slips in a few
    seconds). QR images are served from memory by name (``slip-qr:<n>``) instead of data
    URIs, whose parsing cost more than the image; every slip is absolutely placed with
    fixed sizes, so WeasyPrint does no shrink-to-fit or float placement.
    """
    rows = slip_rows(survey, building_id, household_ids)
    images = {f"slip-qr:{n}": slip_qr_png(code_url(c)) for n, (_b, _u, _r, c) in enumerate(rows)}
    slips = [{"building": b, "unit": u, "room": r, "code": c, "qr": f"slip-qr:{n}"}
             for n, (b, u, r, c) in enumerate(rows)]
    pages = [slips[i:i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    html = render_template("surveys/print/slips.html", survey=survey, pages=pages,
                           definition=definition_of(survey), entry_url=entry_url,
                           reminder=household_ids is not None)
    return pdf_from_html(html, _memory_images(images))


def _memory_images(images: dict[str, bytes]):
    """A WeasyPrint URL fetcher that serves these PNGs and nothing else."""
    from email.message import EmailMessage

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    png = EmailMessage()  # built once: header parsing per image was slower than the image
    png["Content-Type"] = "image/png"

    class MemoryImages(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in images:
                raise ValueError(f"not a slip image: {url[:80]}")
            return URLFetcherResponse(url, images[url], png)

    return MemoryImages()
