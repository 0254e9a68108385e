"""Owner feedback, complaints and repairs: tickets with time limits, dispatch, callbacks, KPIs."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..guards.personal import mask_name, mask_phone
from ..permissions import guard_blueprint
from ..templating import nav_item, period_link

bp = Blueprint("feedback", __name__, url_prefix="/feedback", template_folder="templates",
               cli_group="tickets")
guard_blueprint(bp, "ticket.handle", community_arg="community_id")
nav_item("feedback.index", _l("Tickets"), "ticket.stats")
period_link("feedback.kpi", _l("Ticket KPIs"), "ticket.stats",
            lambda community, period: url_for("feedback.kpi", community_id=community.id,
                                              period_id=period.id))
# every template masks a phone or a name the same way (guards.personal)
bp.add_app_template_filter(mask_phone, "mask_phone")
bp.add_app_template_filter(mask_name, "mask_name")


@bp.app_template_filter("spoken_code")
def spoken_code(code: str | None) -> str:
    """A tracking code in groups to read out (codes.spoken_code)."""
    from .codes import spoken_code as grouped

    return grouped(code)


@bp.app_template_global("kpi_sections")
def kpi_sections(result):
    """Repairs, complaints and all tickets, each rate in its own terms (feedback.kpis)."""
    from .kpis import kpi_sections as sections

    return sections(result)


@bp.app_template_global("commitment_compliance")
def commitment_compliance(period):
    """Per step, how often the period's tickets kept their commitment (feedback.commitments)."""
    from .commitments import compliance

    return compliance(period.community_id, period.start_date, period.end_date)


from . import cli, routes, routes_commitments, routes_records  # noqa: E402,F401
