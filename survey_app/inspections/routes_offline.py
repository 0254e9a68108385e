"""JSON endpoints of the offline walk-round (issue 20) and its service worker script."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import Conflict, FieldError
from ..extensions import db
from ..permissions import json_401, login_only, require
from ..uploads import UploadError
from . import bp, offline, services


def _error(field: str, message: str, status: int = 400):
    return jsonify({"ok": False, "errors": {field: [message]}, "message": message}), status


def _answer(action):
    """Run one service, commit once; errors become JSON the phone's queue understands."""
    try:
        answer = action()
    except offline.ItemConflict as exc:
        db.session.rollback()
        return jsonify({"ok": False, "conflict": True, "message": str(exc),
                        "mine": exc.mine, "theirs": exc.theirs}), 409
    except Conflict as exc:
        db.session.rollback()
        return jsonify({"ok": False, "locked": isinstance(exc, offline.Locked),
                        "message": str(exc)}), 409
    except FieldError as exc:
        db.session.rollback()
        return _error(exc.field, str(exc))
    except UploadError as exc:
        db.session.rollback()
        return _error("photos", str(exc))
    db.session.commit()
    return jsonify(answer)


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
@json_401
def offline_save(community_id, inspection_id, item_id):
    """A queued item save from the phone: idempotent by key, 409 when its base is stale."""
    inspection = services.get_inspection(community_id, inspection_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _error("body", _("Send the save as a JSON object."))
    return _answer(lambda: offline.save(inspection, item_id, payload, user=current_user))


@bp.route("/c/<int:community_id>/<int:inspection_id>/items/<item_id>/offline-photo",
          methods=["POST"])
@require("inspection.edit", community_arg="community_id")
@json_401
def offline_photo(community_id, inspection_id, item_id):
    """A queued photo from the phone: idempotent by key."""
    inspection = services.get_inspection(community_id, inspection_id)
    return _answer(lambda: offline.save_photo(
        inspection, item_id, request.files.get("photo"), key=request.form.get("key"),
        user=current_user))


@bp.route("/sw-walk.js")
@login_only
def service_worker():
    """The walk-round's service worker, served here so its scope covers /inspections/."""
    # read whole (a few KB) rather than streamed, so no file handle outlives the request
    script = (Path(current_app.static_folder) / "js" / "sw-walk.js").read_bytes()
    return Response(script, mimetype="text/javascript",
                    headers={"Cache-Control": "no-cache"})
