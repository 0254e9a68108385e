"""Owner pages of the WeChat opt-in: start it from the subscription page, come back from
WeChat's authorisation, try a failed one again. All 404 while WeChat is not configured."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..errors import FieldError, NotFound, form_error
from ..extensions import db, limiter
from ..feedback.models import Ticket
from ..notifications import wechat_auth
from ..permissions import public
from . import bp, embed, wechat
from .forms import SubscribeForm, WechatAgainForm, WechatSubscribeForm
from .routes_public import _community, _optin_limit, subscribe_page


def _wechat_on() -> None:
    if not wechat.available():
        raise NotFound("WeChat")  # nothing offered, nothing answered


def problem(message: str, state: str | None = None):
    """The calm 400 page of a WeChat sign-in that did not work (with "try again" when the
    failed state may be retried from this browser)."""
    again = WechatAgainForm(formdata=None, state=state) if state else None
    if again is not None:
        wechat_auth.allow_leaving_for_wechat()
    return render_template("contacts/wechat_problem.html", message=message, again=again), 400


@bp.route("/notify/<int:community_id>/wechat", methods=["POST"])
@public
@limiter.limit(_optin_limit)
def subscribe_wechat(community_id):
    """用微信接收通知: the owner agrees here, then WeChat tells us who they are."""
    _wechat_on()
    community = _community(community_id)
    wx = WechatSubscribeForm()
    if wx.validate_on_submit():
        try:
            target = wechat.start_for_notices(community.id, bool(wx.wechat_consent.data))
        except FieldError as exc:
            db.session.rollback()
            form_error(wx, exc)
        else:
            db.session.commit()
            return redirect(target)
    return subscribe_page(community, embed.section(SubscribeForm), wx)


@bp.route("/notify/wechat/callback")
@public
def wechat_callback():
    """Back from WeChat: check the state, learn the openid, record the opt-in."""
    _wechat_on()
    state = request.args.get("state")
    try:
        row = wechat_auth.take(state, wechat.OWNER_PURPOSES)
    except wechat_auth.BadState as exc:
        db.session.rollback()
        return problem(str(exc))
    try:
        openid = wechat_auth.openid_for(request.args.get("code"))
    except wechat_auth.OAuthError as exc:
        db.session.commit()  # the state stays used: a retry starts a new one
        return problem(wechat_auth.failure_message(exc), state)
    contact = wechat.record(row, openid)
    db.session.commit()
    if contact.ticket_id is not None:
        ticket = db.session.get(Ticket, contact.ticket_id)
        flash(_("Done: the progress of your report will be sent to you in WeChat."), "success")
        return redirect(url_for("feedback.track", tracking_code=ticket.tracking_code, new=1))
    flash(_("Done: notices will be sent to you in WeChat."), "success")
    return redirect(url_for(".subscribe", community_id=contact.community_id))


@bp.route("/notify/wechat/again", methods=["POST"])
@public
@limiter.limit(_optin_limit)
def wechat_again():
    """Start a failed WeChat sign-in of this browser again (same purpose and consent)."""
    _wechat_on()
    form = WechatAgainForm()
    if not form.validate_on_submit():
        return problem(_("This page has expired. Please start again from the page you came "
                         "from."))
    try:
        target = wechat.restart(form.state.data)
    except wechat_auth.BadState as exc:
        db.session.rollback()
        return problem(str(exc))
    db.session.commit()
    return redirect(target)
