"""Owners opt in 接收进度通知: a phone number verified by a text-message code, or a WeChat
openid learnt by web authorisation, recorded consent, and the unsubscribe link every message
to an owner carries.

Other features embed the opt-in section in their owner forms (``embed.py``); this package
never imports them, so the edge points one way.
"""

from flask import Blueprint

bp = Blueprint("contacts", __name__, template_folder="templates")



@bp.app_context_processor
def _sms_flag():
    """Templates of other features ask whether to offer text messages or WeChat at all,
    and whether the page is open in WeChat's browser (then WeChat comes first)."""
    from ..notifications.wechat_auth import in_wechat
    from .services import any_available, available
    from .wechat import available as wechat_available

    def in_wechat_browser() -> bool:
        from flask import has_request_context, request

        return has_request_context() and in_wechat(request.user_agent.string)

    return {"owner_sms_available": available, "owner_wechat_available": wechat_available,
            "owner_messages_available": any_available, "in_wechat_browser": in_wechat_browser}


from . import routes_public, routes_wechat  # noqa: E402,F401
