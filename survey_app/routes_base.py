"""The step every form route shares: validate, call one service, commit or show the error.

A route states what differs (the form, the service call, the message, where to go next) and
shows its page again when ``submit`` returns None; the order of the steps (one commit per
request, nothing saved when a service refuses) lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Response, current_app, flash, jsonify, redirect, request
from flask_babel import gettext as _

from .errors import Conflict, FieldError, form_error
from .extensions import db
from .offline_keys import ItemConflict, Locked
from .uploads import UploadError


def submit(form, action: Callable, message, target, *, field: str | None = None):
    """Run ``action()`` for a valid ``form``: commit, flash ``message``, redirect to ``target``.

    ``message`` and ``target`` may be functions of what the action returned. A FieldError
    rolls back and goes beside its field (``field`` when the form has no such field);
    then, as for an invalid form, the result is None and the route shows the form again.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except FieldError as exc:
        db.session.rollback()
        form_error(form, exc, field)
        return None
    db.session.commit()
    flash(_of(message, result), "success")
    return redirect(_of(target, result))


def _of(value, result):
    """A fixed value, or a function of the action's result."""
    return value(result) if callable(value) else value


def attempt(action: Callable, message: str | None, target: str):
    """Run a form-less ``action()`` and go back to ``target``: committed with ``message``
    flashed, or rolled back with the service's FieldError flashed instead."""
    try:
        action()
    except FieldError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        if message:
            flash(message, "success")
    return redirect(target)


# -- the offline walk-rounds' JSON endpoints (issue 20): one answer format for the phone ----

def _error(field: str, message: str, status: int = 400):
    return jsonify({"ok": False, "errors": {field: [message]}, "message": message}), status


def answer_json(action):
    """Run one service, commit once; errors become JSON the phone's queue understands."""
    try:
        answer = action()
    except ItemConflict as exc:
        db.session.rollback()
        return jsonify({"ok": False, "conflict": True, "message": str(exc),
                        "mine": exc.mine, "theirs": exc.theirs}), 409
    except Conflict as exc:
        db.session.rollback()
        return jsonify({"ok": False, "locked": isinstance(exc, Locked),
                        "message": str(exc)}), 409
    except FieldError as exc:
        db.session.rollback()
        return _error(exc.field, str(exc))
    except UploadError as exc:
        db.session.rollback()
        return _error("photos", str(exc))
    db.session.commit()
    return jsonify(answer)


def json_body(action):
    """Call ``action(payload)`` with the request's JSON object, or answer 400 naming the body."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _error("body", _("Send the save as a JSON object."))
    return answer_json(lambda: action(payload))


def worker_script() -> Response:
    """The one service worker script, served under the path whose scope it must cover."""
    # read whole (a few KB) rather than streamed, so no file handle outlives the request
    script = (Path(current_app.static_folder) / "js" / "sw-walk.js").read_bytes()
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})
