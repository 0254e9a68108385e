"""Inspection records rendered by a worker: the PDF with photo thumbnails and signatures."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..errors import NotFound
from ..extensions import db
from ..jobs.files import file_task
from . import exports
from .models import Inspection


def _back(job) -> str:
    return url_for("inspections.show", community_id=job.community_id,
                   inspection_id=job.subject_id)


@file_task("inspection_record", "inspection.view", _l("PDF record"), back=_back)
def render_record(job) -> tuple[bytes, str]:
    """The written record of a joint inspection as PDF."""
    inspection = db.session.get(Inspection, job.subject_id)
    if inspection is None or inspection.internal:
        raise NotFound("the inspection was deleted")
    return exports.record_pdf_file(inspection)
