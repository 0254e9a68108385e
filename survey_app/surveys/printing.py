"""Printed material: the QR code, the A4 poster and the A4 sheets of cut-out code slips."""

from __future__ import annotations

import io

import segno
from flask import render_template
from sqlalchemy import select

from ..communities.models import Building, Household
from ..extensions import db
from .models import AccessCode, Survey
from .services import definition_of

SLIPS_PER_PAGE = 10


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
    # PNG: WeasyPrint lays out hundreds of small PNGs far faster than inline SVGs
    return segno.make(url, error="m").png_data_uri(scale=scale, border=1)


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def poster_pdf(survey: Survey, url: str) -> bytes:
    """An A4 poster: title, QR code, link and instructions in Chinese."""
    html = render_template("surveys/print/poster.html", survey=survey, url=url,
                           qr=_qr_uri(url, 10), definition=definition_of(survey))
    return _pdf(html)


def slip_rows(survey: Survey, building_id: int | None = None) -> list[tuple]:
    """(building, unit, room, code) of every household with a code, in building order."""
    query = (select(Building.name, Household.unit, Household.room, AccessCode.code)
             .join(Household, AccessCode.household_id == Household.id)
             .join(Building, Household.building_id == Building.id)
             .where(AccessCode.survey_id == survey.id)
             .order_by(Building.sort_key, Building.name, Household.unit, Household.room))
    if building_id:
        query = query.where(Building.id == building_id)
    return list(db.session.execute(query))


def first_building(survey: Survey) -> int | None:
    """The first building of the survey's community (the default slips file)."""
    return db.session.scalar(select(Building.id).filter_by(community_id=survey.community_id)
                             .order_by(Building.sort_key, Building.name).limit(1))


def slips_pdf(survey: Survey, building_id: int | None, code_url, entry_url: str) -> bytes:
    """A4 pages of cut-out slips, each with the room, the code and its QR code."""
    slips = [{"building": b, "unit": u, "room": r, "code": c, "url": code_url(c),
              "qr": _qr_uri(code_url(c), 3)} for b, u, r, c in slip_rows(survey, building_id)]
    pages = [slips[i:i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    html = render_template("surveys/print/slips.html", survey=survey, pages=pages,
                           definition=definition_of(survey), entry_url=entry_url)
    return _pdf(html)
