"""Downloads of a questionnaire version: the printable A4 paper questionnaire (PDF)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale

from ..errors import NotFound
from ..surveys.printing import pdf_from_html
from . import paper
from .schema import Definition

#: the printed sheet's languages; Chinese unless staff ask for the English one
PAPER_LANGUAGES = ("zh_CN", "en")


@dataclass
class PaperHeading:
    """What the sheet says above the questions: where it is used and for which household."""

    community: str | None = None
    period: str | None = None
    #: 楼栋 单元 房号 printed in the household box; None leaves the box blank to fill in
    household: str | None = None


def paper_html(definition: Definition, heading: PaperHeading, language: str = "zh_CN") -> str:
    """The paper questionnaire as one printable HTML page."""
    if definition.kind != "owner_survey":
        # checklists are walked on a tablet; only owners answer on paper
        raise NotFound
    with force_locale(language if language in PAPER_LANGUAGES else "zh_CN"):
        return render_template("questionnaires/print/paper.html", definition=definition,
                               heading=heading, sections=paper.sheet(definition),
                               count=len(paper.numbered_items(definition)))


def paper_pdf(definition: Definition, heading: PaperHeading, language: str = "zh_CN") -> bytes:
    """The A4 paper questionnaire (large type, boxes to tick) as PDF bytes."""
    return pdf_from_html(paper_html(definition, heading, language))
