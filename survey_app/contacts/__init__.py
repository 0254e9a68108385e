"""Owners opt in 接收进度通知: a phone number verified by a text-message code, recorded
consent, and the unsubscribe link every message to an owner carries.

Other features embed the opt-in section in their owner forms (``embed.py``); this package
never imports them, so the edge points one way.
"""

from flask import Blueprint

bp = Blueprint("contacts", __name__, template_folder="templates")



@bp.app_context_processor
def _sms_flag():
    """Templates of other features ask whether to offer text messages at all."""
    from .services import available

    return {"owner_sms_available": available}


from . import routes_public  # noqa: E402,F401
