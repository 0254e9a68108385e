"""Notifications: the in-app inbox with its bell, email (and SMS/WeChat adapters), channel
preferences with quiet hours, retries with backoff, the delivery log, reminders."""

from flask import Blueprint

from ..permissions import LOGIN, guard_blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications",
               template_folder="templates")
guard_blueprint(bp, LOGIN)


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals["unread_notifications"] = _unread


def _unread() -> int:
    """The signed-in user's unread count, for the bell in the page header."""
    from flask_login import current_user

    from .pages import unread_count

    if not getattr(current_user, "is_authenticated", False):
        return 0
    return unread_count(current_user.id)


from . import routes, routes_escalation, routes_phone, routes_wechat  # noqa: E402,F401
from .owners import install as _install_owner_sms  # noqa: E402

_install_owner_sms()
