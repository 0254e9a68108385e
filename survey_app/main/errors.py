"""Error pages: HTML for browsers, JSON for API clients."""

from urllib.parse import urlencode

from flask import current_app, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug import exceptions as http
from werkzeug.exceptions import HTTPException

from .. import errors
from ..extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _kept_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The error's own headers (Allow on a 405, Retry-After …) except its content type."""
    return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]


def handle_http_error(error: HTTPException):
    """Render an HTTP error in the user's language."""
    if isinstance(error, CSRFError):
        return handle_csrf_error(error)
    if _wants_json():
        return jsonify(error=error.name, status=error.code,
                       message=error.description), error.code, _kept_headers(error)
    messages = {
        400: _("The request could not be understood. Please check what you entered."),
        403: _("You do not have permission to open this page."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("The file is too large."),
        429: _("Too many attempts. Please wait a minute and try again."),
    }
    message = getattr(error, "explanation", None) or messages.get(error.code, error.description)
    return (render_template("errors/error.html", code=error.code, message=message,
                            owner_page=_owner_page(request.path)),
            error.code, _kept_headers(error))


#: paths owners reach without an account (survey links, codes, tickets, notice, checks)
OWNER_PREFIXES = ("/s/", "/c/", "/notice", "/feedback/", "/verify", "/sign/")


def _owner_page(path: str) -> bool:
    """Whether the page is one owners open: its error page leads to the notice board, never
    to the staff sign-in."""
    return path.startswith(OWNER_PREFIXES)


def handle_csrf_error(error: CSRFError):
    """A form whose token is missing or expired: say so and show the form again (303)."""
    message = _("This form had expired (forms stay valid for 8 hours) or came from another "
                "window. Nothing was saved; please fill it in and send it again.")
    if _wants_json():
        return jsonify(error=error.name, status=400, message=error.description), 400
    if request.method != "GET" and _answers_get(request.path):
        flash(message, "error")
        query = urlencode(list(request.args.items(multi=True)))
        return redirect(request.path + ("?" + query if query else ""), code=303)
    return render_template("errors/error.html", code=400, message=message), 400


def _answers_get(path: str) -> bool:
    """Whether the same address shows a page (the form) on GET."""
    if path.startswith("//"):
        return False
    adapter = current_app.url_map.bind("", url_scheme=request.scheme)
    try:
        adapter.match(path, method="GET")
    except HTTPException:
        return False
    return True


#: the services' domain errors (survey_app/errors.py) and the HTTP errors they mean
DOMAIN_ERRORS = {errors.NotFound: http.NotFound, errors.Forbidden: http.Forbidden,
                 errors.Conflict: http.Conflict}


def handle_domain_error(error: Exception):
    """A service's NotFound, Forbidden or Conflict as the matching HTTP error page."""
    http_error = DOMAIN_ERRORS[type(error)]()
    # a reason written for the user (errors.Forbidden's explanation) replaces the generic one
    http_error.explanation = getattr(error, "explanation", None)
    return handle_http_error(http_error)


def handle_unexpected(error: Exception):
    """Log an unexpected error, roll back, and show a calm page."""
    db.session.rollback()
    current_app.logger.exception("Unhandled error: %s", error)
    if _wants_json():
        return jsonify(error="Internal Server Error", status=500), 500
    return render_template("errors/error.html", code=500,
                           message=_("Something went wrong on our side. Please try again.")), 500


def register_error_handlers(app) -> None:
    """Attach the handlers to the app."""
    app.register_error_handler(HTTPException, handle_http_error)
    for domain_error in DOMAIN_ERRORS:
        app.register_error_handler(domain_error, handle_domain_error)
    if not app.config.get("PROPAGATE_EXCEPTIONS") and not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
