"""Owner pages without an account: subscribe to a community's notices, unsubscribe."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..communities.models import Community
from ..errors import FieldError, NotFound
from ..extensions import db, limiter
from ..notifications import wechat_auth
from ..permissions import public
from . import bp, embed, services, wechat
from .forms import SubscribeForm, WechatSubscribeForm


def _optin_limit() -> str:
    return current_app.config.get("CONTACTS_RATE_LIMIT", "10 per minute;60 per day")


def _community(community_id: int) -> Community:
    community = db.session.get(Community, community_id)
    if community is None or not services.any_available():
        raise NotFound("community")  # no page that promises messages nobody can send
    return community


def subscribe_page(community, form, wx):
    """The subscription page: text messages and WeChat, each only when it can be sent."""
    if wx is not None:
        wechat_auth.allow_leaving_for_wechat()
    if form is not None:
        form.building.choices = [(0, "—")] + [(b.id, b.name) for b in community.buildings]
    errors = (form is not None and form.errors) or (wx is not None and wx.errors)
    return render_template("contacts/subscribe.html", community=community, form=form,
                           wx=wx), 400 if errors else 200


@bp.route("/notify/<int:community_id>", methods=["GET", "POST"])
@public
@limiter.limit(_optin_limit, methods=["POST"])
def subscribe(community_id):
    """接收公示通知: leave a verified number, or use WeChat, for the published results."""
    community = _community(community_id)
    form = embed.section(SubscribeForm)
    wx = WechatSubscribeForm(formdata=None) if wechat.available() else None
    if form is None:
        return subscribe_page(community, form, wx)
    form.building.choices = [(0, "—")] + [(b.id, b.name) for b in community.buildings]
    if embed.code_requested(form):
        embed.request_code(form)
    elif form.validate_on_submit() and form.subscribe.data:
        try:
            contact = services.subscribe(
                community.id, form.phone.data, form.code.data, form.consent.data,
                remind_survey=form.remind_survey.data, building_id=form.building.data or None,
                unit=form.unit.data, room=form.room.data)
        except FieldError as exc:
            db.session.rollback()
            embed.after_failure(exc)
            embed.show_error(form, form, exc)
        else:
            db.session.commit()
            flash(_("Done: notices will be sent to %(phone)s.",
                    phone=services.mask(contact.phone)) if contact.household_id is None else
                  _("Done: notices, and reminders while your household has not answered the "
                    "owner survey, will be sent to %(phone)s.",
                    phone=services.mask(contact.phone)), "success")
            return redirect(url_for(".subscribe", community_id=community.id))
    return subscribe_page(community, form, wx)


@bp.route("/u/<token>", methods=["GET", "POST"])
@public
def unsubscribe(token):
    """Stop the messages of one opt-in: a confirm button, then done; a reused link says so."""
    contact = services.contact_for_token(token)
    ended_now = False
    if request.method == "POST":
        ended_now = services.unsubscribe(token)
        db.session.commit()
    return render_template("contacts/unsubscribe.html", contact=contact, token=token,
                           ended_now=ended_now, phone=services.mask(contact.phone),
                           by_wechat=contact.channel == "wechat")
