"""Two-party acts of record: closing a period, publishing it (公示) and reopening it.

One party (the company's staff or the owners' committee) proposes from its own account,
the other confirms from its own account after seeing a preview of exactly what owners will
see. The confirm functions in services.py are the one place where these acts happen.
"""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import period_link

bp = Blueprint("acts", __name__, url_prefix="/acts", template_folder="templates")
guard_blueprint(bp, "results.publish", community_arg="community_id")
period_link("acts.period", _l("Close, publish, reopen"), "results.publish",
            lambda c, p: url_for("acts.period", community_id=c.id, period_id=p.id))


@bp.record_once
def _template_globals(state) -> None:
    from .models import ACT_LABELS, PARTY_LABELS

    state.app.jinja_env.globals["PARTY_LABELS"] = PARTY_LABELS
    state.app.jinja_env.globals["ACT_LABELS"] = ACT_LABELS
    state.app.jinja_env.globals["pending_act"] = _pending_act


def _pending_act(period_id: int):
    """The period's proposal awaiting the other party, for pages outside acts (dashboard)."""
    from .services import pending

    return pending(period_id)


from . import routes, routes_checklists  # noqa: E402,F401
