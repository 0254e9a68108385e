"""Bind the signed-in account's WeChat (绑定微信) by web authorisation, and unbind it.

The state of the authorisation names the account that started it; the callback accepts it
only for that account, signed in, in the browser that started it, so nobody binds their
WeChat to somebody else's account (nor someone else's WeChat to theirs).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import NotFound
from ..extensions import db
from . import bp, preferences, wechat_auth
from .forms import WechatBindForm

CALLBACK = "notifications.wechat_callback"


def _problem(message: str):
    return render_template("notifications/wechat_problem.html", message=message), 400


@bp.route("/wechat/bind", methods=["POST"])
def wechat_bind():
    """Start binding: off to WeChat, which comes back with the account holder's openid."""
    if not wechat_auth.available():
        raise NotFound("WeChat")
    if not WechatBindForm().validate_on_submit():
        flash(_("This page had expired. Please try again."), "error")
        return redirect(url_for(".preferences_page"))
    target = wechat_auth.begin("staff", wechat_auth.callback_url(CALLBACK),
                               user_id=current_user.id)
    db.session.commit()
    return redirect(target)


@bp.route("/wechat/callback")
def wechat_callback():
    """Back from WeChat: the state must be this account's, from this browser, unused."""
    if not wechat_auth.available():
        raise NotFound("WeChat")
    try:
        wechat_auth.take(request.args.get("state"), ("staff",), user_id=current_user.id)
    except wechat_auth.BadState as exc:
        db.session.rollback()
        return _problem(str(exc))
    try:
        openid = wechat_auth.openid_for(request.args.get("code"))
    except wechat_auth.OAuthError as exc:
        db.session.commit()  # the state stays used
        return _problem(wechat_auth.failure_message(exc))
    preferences.bind_wechat(current_user, openid)
    db.session.commit()
    flash(_("WeChat is bound: notifications you chose for WeChat will reach you there."),
          "success")
    return redirect(url_for(".preferences_page"))


@bp.route("/wechat/unbind", methods=["POST"])
def wechat_unbind():
    """Forget the account's WeChat: no more WeChat messages to it."""
    if WechatBindForm().validate_on_submit() and preferences.unbind_wechat(current_user):
        db.session.commit()
        flash(_("WeChat is unbound: no more WeChat messages are sent to you."), "success")
    return redirect(url_for(".preferences_page"))
