"""The code holder's pages: which households have answered (yes/no), non-responders as CSV.

Only the party that holds the community's codes (permissions.ensure_code_holder) opens them,
and every view or download is recorded for the other party (codes.py).
"""

from __future__ import annotations

import io

from flask import render_template, send_file

from .. import permissions
from ..extensions import db
from ..permissions import require
from ..tabular import csv_bytes
from . import bp, codes, services
from .routes import PREFIX


def _holder_survey(community_id: int, period_id: int):
    survey = services.require_survey(community_id, period_id)
    permissions.ensure_code_holder(survey.community)
    return survey


@bp.route(PREFIX + "/households")
@require("survey.codes", community_arg="community_id")
def participation(community_id, period_id):
    """Per household: answered or not (to remind non-responders); never any answer."""
    survey = _holder_survey(community_id, period_id)
    rows = codes.participation(survey)
    codes.record(survey, "survey.participation")
    db.session.commit()
    return render_template("surveys/participation.html", survey=survey, period=survey.period,
                           community=survey.community, rows=rows,
                           missing=sum(1 for r in rows if not r.answered))


@bp.route(PREFIX + "/non-responders.csv")
@require("survey.codes", community_arg="community_id")
def non_responders(community_id, period_id):
    """The households that have not answered yet, as CSV (building, unit, room)."""
    survey = _holder_survey(community_id, period_id)
    rows = [(r.building, r.unit, r.room) for r in codes.participation(survey) if not r.answered]
    codes.record(survey, "survey.nonresponders", rows=len(rows))
    db.session.commit()
    data = csv_bytes(["楼栋", "单元", "房号"], rows)
    return send_file(io.BytesIO(data), mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=f"non-responders-{survey.period.label}.csv")
