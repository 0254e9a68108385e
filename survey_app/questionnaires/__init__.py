"""Questionnaire definitions: schema, loading, checking and publishing frozen versions."""

from flask import Blueprint

from ..permissions import guard_blueprint

bp = Blueprint("questionnaires", __name__, url_prefix="/questionnaires",
               template_folder="templates")
guard_blueprint(bp, "questionnaire.manage")

from . import routes, routes_drafts, routes_editor, routes_sheets, routes_versions  # noqa: E402,F401,I001
