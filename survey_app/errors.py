"""Domain errors raised by services, and how a field error reaches a form.

Services raise these instead of calling Flask's ``abort``; the app's error handlers
(main/errors.py) translate NotFound, Forbidden and Conflict to 404, 403 and 409, and routes
show a FieldError beside the field it names with ``form_error``.
"""

from __future__ import annotations


class FieldError(ValueError):
    """Bad input or a step not allowed now; ``field`` names the form field it concerns."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


class NotFound(LookupError):
    """The thing asked for does not exist (or is not within the given community): 404."""


class Forbidden(PermissionError):
    """The acting user may not do this to this thing: 403.

    ``explanation``: a translated sentence for the user saying why (shown on the 403 page).
    """

    def __init__(self, *args, explanation: str | None = None):
        super().__init__(*args)
        self.explanation = explanation


class Conflict(RuntimeError):
    """Another request changed the same thing at the same moment: 409."""


def form_error(form, error: FieldError, default: str | None = None) -> None:
    """Show a service's FieldError beside the field it names (else ``default``, else the
    form's first field)."""
    field = (getattr(form, error.field or "", None) or getattr(form, default or "", None)
             or next(iter(form)))
    field.errors = [*field.errors, str(error)]
