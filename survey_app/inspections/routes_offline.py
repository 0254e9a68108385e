"""JSON endpoints of the offline walk-round (issue 20) and its service worker script.

``save_post`` and ``photo_post`` are shared with internal inspections (internal.routes).
"""

from __future__ import annotations

from flask import request
from flask_login import current_user

from ..permissions import json_401, login_only, require
from ..routes_base import answer_json, json_body, worker_script
from . import bp, offline, services


def save_post(inspection, item_id: str):
    """A queued item save of any inspection (joint or internal)."""
    return json_body(lambda payload: offline.save(inspection, item_id, payload,
                                                  user=current_user))


def photo_post(inspection, item_id: str):
    """A queued photo of any inspection (joint or internal)."""
    return answer_json(lambda: offline.save_photo(
        inspection, item_id, request.files.get("photo"), key=request.form.get("key"),
        user=current_user))


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
@json_401
def offline_save(community_id, inspection_id, item_id):
    """A queued item save from the phone: idempotent by key, 409 when its base is stale."""
    return save_post(services.get_inspection(community_id, inspection_id), item_id)


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline-photo",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
@json_401
def offline_photo(community_id, inspection_id, item_id):
    """A queued photo from the phone: idempotent by key."""
    return photo_post(services.get_inspection(community_id, inspection_id), item_id)


@bp.route("/sw-walk.js")
@login_only
def service_worker():
    """The walk-round's service worker, served here so its scope covers /inspections/."""
    return worker_script()
