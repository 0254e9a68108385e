"""Transparency beyond scores (公示): the quarterly work report, fee income and expenditure,
shared income, use of the maintenance fund and major matters. The company prepares each one,
the owners' committee confirms it, and only then does it appear on the notice board; a
correction is a new revision and every published revision stays readable."""

from flask import Blueprint

from ..permissions import guard_blueprint

bp = Blueprint("disclosures", __name__, template_folder="templates")
guard_blueprint(bp, "disclosure.view", community_arg="community_id")


@bp.context_processor
def _labels():
    from .content import KIND_LABELS, SECTION_LABELS, TABLE_LABELS, balance
    from .models import STATUS_LABELS

    return {"kind_labels": KIND_LABELS, "section_labels": SECTION_LABELS,
            "table_labels": TABLE_LABELS, "status_labels": STATUS_LABELS,
            "balance_of": balance}


@bp.app_context_processor
def _kinds_everywhere():
    from .content import KIND_LABELS

    # the notice board (another blueprint) lists disclosures by kind
    return {"disclosure_kind_labels": KIND_LABELS}


@bp.app_template_filter("yuan")
def _yuan(amount):
    from .content import yuan

    return yuan(amount)


from . import routes, routes_public  # noqa: E402,F401
