"""Staff screens for the service commitments (SLA rules) and the printable QR poster."""

from decimal import Decimal

import segno
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..communities.services import get_community
from ..extensions import db
from ..models_base import utcnow
from . import bp, commitments, sla
from .forms import SlaForm, sla_field_name
from .models import SEVERITIES, TYPES

HOURS_STEPS = ("dispatch", "onsite", "complete")


def _to_form(form, rules) -> None:
    for (ticket_type, severity), rule in rules.items():
        for step in sla.STEPS:
            minutes = getattr(rule, step)
            value = minutes if step == "ack" or minutes is None \
                else Decimal(minutes) / 60
            getattr(form, sla_field_name(ticket_type, severity, step)).data = value
        getattr(form, sla_field_name(ticket_type, severity, "working")).data = \
            rule.working_hours


def _from_form(form) -> dict:
    rows = {}
    for ticket_type in TYPES:
        for severity in SEVERITIES:
            values = []
            for step in sla.STEPS:
                value = getattr(form, sla_field_name(ticket_type, severity, step)).data
                if value is not None and step in HOURS_STEPS:
                    value = round(value * 60)
                values.append(int(value) if value is not None else None)
            working = getattr(form, sla_field_name(ticket_type, severity, "working")).data
            rows[(ticket_type, severity)] = sla.Commitment(*values, working_hours=working)
    return rows


@bp.route("/<int:community_id>/sla", methods=["GET", "POST"])
def sla_rules(community_id):
    """Edit the community's time limits per type and severity (empty = no commitment)."""
    community = get_community(community_id)
    form = SlaForm()
    if form.validate_on_submit():
        sla.save_rules(community_id, _from_form(form))
        db.session.commit()
        flash(_("Time limits saved. They apply to tickets registered from now on."), "success")
        return redirect(url_for(".sla_rules", community_id=community_id))
    if not form.errors:
        _to_form(form, sla.rules_for(community_id))
    return render_template("feedback/sla.html", community=community, form=form, TYPES=TYPES,
                           SEVERITIES=SEVERITIES, steps=sla.STEPS,
                           field_name=sla_field_name, today_year=utcnow().year), \
        400 if form.errors else 200


@bp.route("/<int:community_id>/qr")
def qr_poster(community_id):
    """A printable poster with the QR code of the owners' report page."""
    community = get_community(community_id)
    url = url_for(".report", code=community.code, _external=True)
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True)
    return render_template("feedback/qr.html", community=community, url=url, svg=svg,
                           notice_url=url_for(".notice", code=community.code, _external=True),
                           promises=commitments.owner_promises(community_id),
                           terms=commitments.get_terms(community_id))
