"""The inbox, marking read, the preferences page and the delivery log."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..communities.services import get_community, visible_communities
from ..extensions import db
from ..permissions import community_ids, require
from ..routes_base import attempt, submit
from . import bp, pages, preferences, services, wechat_auth
from .events import GROUP_LABELS
from .forms import MarkReadForm, PhoneForm, PreferencesForm, WechatBindForm
from .models import CHANNEL_LABELS, OPTIONAL_CHANNELS, STATE_LABELS
from .preferences import ALL


@bp.route("/")
def index():
    """The signed-in user's notifications, newest first."""
    return render_template("notifications/index.html", items=pages.inbox(current_user.id),
                           form=MarkReadForm(), log_communities=_log_communities())


def _log_communities():
    """Communities whose delivery log the user may read (none for most roles)."""
    ids = community_ids("notification.log")
    return visible_communities("notification.log") if ids is None or ids else []


@bp.route("/<int:notification_id>/read", methods=["POST"])
def mark_read(notification_id):
    """Mark one notification read; with ``open`` go on to its link."""
    form = MarkReadForm()
    if not form.validate_on_submit():
        return redirect(url_for(".index"))
    note = services.mark_read(current_user, notification_id)
    db.session.commit()
    if request.form.get("open") and note.link and note.link.startswith("/"):
        return redirect(note.link)
    return redirect(url_for(".index"))


@bp.route("/read-all", methods=["POST"])
def mark_all_read():
    """Mark every notification of the user read."""
    return attempt(lambda: services.mark_all_read(current_user),
                   _("All notifications marked as read."), url_for(".index"))


@bp.route("/preferences", methods=["GET", "POST"])
def preferences_page():
    """Channels per event group, quiet hours and the email address."""
    form = PreferencesForm() if request.method == "POST" else _filled_form()
    done = submit(form, lambda: preferences.save(
        current_user, email=form.email.data or "", choices=_choices(),
        quiet_start=_minutes(form.quiet_start.data), quiet_end=_minutes(form.quiet_end.data)),
        _("Notification settings saved."), url_for(".preferences_page"))
    if done is not None:
        return done
    return render_page(form, 400 if request.method == "POST" else 200)


def _filled_form() -> PreferencesForm:
    """The preferences form showing what is stored (not bound to the request)."""
    form = PreferencesForm(formdata=None)
    start, end = preferences.quiet_hours(current_user.id)
    form.email.data = current_user.email or ""
    form.quiet_start.data, form.quiet_end.data = _time(start), _time(end)
    return form


def render_page(form=None, status: int = 200, *, phone_form=None, awaiting_code=False):
    """The preferences page; a section's own route passes its bound form (the SMS number)."""
    if phone_form is None:
        phone_form = PhoneForm(formdata=None, prefix="sms")
    if wechat_auth.available():
        wechat_auth.allow_leaving_for_wechat()
    return render_template(
        "notifications/preferences.html", form=form if form is not None else _filled_form(),
        grid=pages.preference_grid(current_user.id), channels=OPTIONAL_CHANNELS,
        channel_labels=CHANNEL_LABELS, unavailable=pages.unavailable_channels(current_user),
        sms=pages.sms_section(current_user, phone_form, awaiting_code),
        states=preferences.channel_states(current_user),
        wechat_form=WechatBindForm(formdata=None), wechat_on=wechat_auth.available(),
        in_wechat=wechat_auth.in_wechat(request.user_agent.string)), status


def _choices() -> dict:
    """The ticked boxes: each group × channel is on when its box is ticked; a channel that
    cannot reach the user now has no boxes to tick, so its stored choices stay as they are."""
    groups = [ALL, *GROUP_LABELS] if request.form.get(f"{ALL}:email") is not None \
        else list(GROUP_LABELS)
    unavailable = pages.unavailable_channels(current_user)
    return {(g, c): request.form.get(f"{g}:{c}") == "on"
            for g in groups for c in OPTIONAL_CHANNELS if c not in unavailable}


def _time(minutes: int):
    from datetime import time

    return time(minutes // 60, minutes % 60)


def _minutes(value) -> int:
    return value.hour * 60 + value.minute if value is not None else -1


@bp.route("/deliveries/<int:community_id>")
@require("notification.log", "community_id")
def deliveries(community_id):
    """The community's delivery log: who, channel, state, attempts and the last error."""
    community = get_community(community_id)
    return render_template("notifications/deliveries.html", community=community,
                           rows=pages.delivery_log(community.id),
                           channel_labels=CHANNEL_LABELS, state_labels=STATE_LABELS)
