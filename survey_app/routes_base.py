"""The step every form route shares: validate, call one service, commit or show the error.

A route states what differs (the form, the service call, the message, where to go next) and
shows its page again when ``submit`` returns None; the order of the steps (one commit per
request, nothing saved when a service refuses) lives here once.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect

from .errors import FieldError, form_error
from .extensions import db


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
