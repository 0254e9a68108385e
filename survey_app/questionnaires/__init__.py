"""Questionnaire definitions: schema, loading, checking and publishing frozen versions."""

from flask import Blueprint

from ..permissions import guard_blueprint

bp = Blueprint("questionnaires", __name__, url_prefix="/questionnaires",
               template_folder="templates")
guard_blueprint(bp, "questionnaire.manage")


@bp.app_template_global("draft_url")
def _draft_url(name, draft, **values):
    from .pages import draft_url

    return draft_url(name, draft, **values)


@bp.app_template_global("problems_at")
def _problems_at(problems, s, i=None):
    from .editing import problems_at

    return problems_at(problems, s, i)


from . import routes, routes_drafts, routes_editor, routes_sheet_editor, routes_sheets, routes_versions  # noqa: E402,F401,I001,E501
