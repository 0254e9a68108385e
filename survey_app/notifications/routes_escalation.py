"""The staff page of a community's graded escalation chain 分级处理: levels, add, remove."""

from flask import render_template, url_for
from flask_babel import gettext as _

from ..auth.models import ROLE_LABELS
from ..communities.services import get_community
from ..permissions import require
from ..routes_base import attempt, submit
from . import bp, escalation
from .forms import EscalationStepForm
from .models import ESCALATION_LEVELS


def _form(community_id: int) -> EscalationStepForm:
    form = EscalationStepForm()
    form.level.choices = [(k, str(v)) for k, v in ESCALATION_LEVELS.items()]
    form.user_id.choices = [(0, "—")] + [
        (u.id, u.display_name or u.username) for u in escalation.step_accounts(community_id)]
    form.role.choices = [("", "—")] + [(r, str(ROLE_LABELS.get(r, r)))
                                       for r in escalation.STEP_ROLES]
    return form


@bp.route("/escalation/<int:community_id>", methods=["GET", "POST"])
@require("ticket.chain", "community_id")
def escalation_chain(community_id):
    """The community's chain, lowest level first, with a form to add a step."""
    community = get_community(community_id)
    form = _form(community.id)
    done = submit(form, lambda: escalation.add_step(
        community, level=form.level.data, user_id=form.user_id.data or None,
        role=form.role.data or None, department=form.department.data or ""),
        _("Added to the escalation chain."),
        url_for(".escalation_chain", community_id=community.id))
    if done is not None:
        return done
    configured, levels = escalation.chain_view(community.id)
    return render_template("notifications/escalation.html", community=community, form=form,
                           configured=configured, levels=levels, role_labels=ROLE_LABELS,
                           names=escalation.step_names(levels)), 400 if form.errors else 200


@bp.route("/escalation/<int:community_id>/<int:step_id>/delete", methods=["POST"])
@require("ticket.chain", "community_id")
def escalation_remove(community_id, step_id):
    """Remove one step from the community's chain."""
    community = get_community(community_id)
    return attempt(lambda: escalation.remove_step(community, step_id),
                   _("Removed from the escalation chain."),
                   url_for(".escalation_chain", community_id=community.id))
