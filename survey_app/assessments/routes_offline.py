"""JSON endpoints of the offline third-party sheet (issue 20) and its service worker script.

They answer like the inspection walk-round's (routes_base.answer_json), so the one offline
script on the phone syncs either.
"""

from __future__ import annotations

from flask import request
from flask_login import current_user

from ..permissions import json_401, login_only, require
from ..routes_base import answer_json, json_body, worker_script
from . import bp, offline, scoring, services


def _own_sheet(project_id: int):
    """The signed-in assessor's own sheet of the project (404/403 as the sheet page)."""
    return scoring.own_sheet(services.get_project(project_id, current_user), current_user)


@bp.route("/<int:project_id>/sheet/items/<item_id>/offline", methods=["POST"])
@require("assessment.score")
@json_401
def offline_save(project_id, item_id):
    """A queued sheet item save from the phone: idempotent by key, 409 when stale."""
    sheet = _own_sheet(project_id)
    return json_body(lambda payload: offline.save(sheet, item_id, payload, user=current_user))


@bp.route("/<int:project_id>/sheet/items/<item_id>/offline-photo", methods=["POST"])
@require("assessment.score")
@json_401
def offline_photo(project_id, item_id):
    """A queued evidence photo from the phone: idempotent by key."""
    sheet = _own_sheet(project_id)
    return answer_json(lambda: offline.save_photo(
        sheet, item_id, request.files.get("photo"), key=request.form.get("key"),
        user=current_user))


@bp.route("/sw-walk.js")
@login_only
def service_worker():
    """The sheet's service worker, served here so its scope covers /assessments/."""
    return worker_script()
