"""Screens of the two-party act on a joint-inspection checklist: propose, preview and
confirm, withdraw (acts.checklists holds the rules)."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..permissions import require
from ..questionnaires import drafts, pages
from ..questionnaires.diffing import diff
from ..questionnaires.services import in_use
from ..routes_base import attempt
from . import bp, checklists
from .forms import ConfirmForm, WithdrawProposalForm

RULE = "questionnaire.draft"


def _draft_page(proposal_or_draft) -> str:
    draft = getattr(proposal_or_draft, "draft", proposal_or_draft)
    return url_for("questionnaires.draft_edit", community_id=draft.community_id,
                   draft_id=draft.id)


@bp.route("/<int:community_id>/checklists/drafts/<int:draft_id>/propose", methods=["POST"])
@require(RULE, community_arg="community_id")
def checklist_propose(community_id, draft_id):
    """Propose a joint checklist draft for use; the other party confirms it."""
    draft = drafts.get_draft(community_id, draft_id, current_user)
    return attempt(lambda: checklists.propose(current_user, draft), _(
        "Proposed. A member of the other party must confirm the checklist from their own "
        "account before it is used."), _draft_page(draft))


@bp.route("/<int:community_id>/checklists/<int:proposal_id>")
@require(RULE, community_arg="community_id")
def checklist_preview(community_id, proposal_id):
    """The proposed checklist as the walk-round shows it, its differences from the one in
    use, and the confirm form carrying the hash of what is shown."""
    proposal = checklists.get_proposal(community_id, proposal_id)
    draft = drafts.get_draft(community_id, proposal.draft_id, current_user)
    definition = drafts.parsed_draft(draft)
    current = in_use("joint_inspection", community_id)
    party = checklists.party_of(current_user, community_id)
    return render_template(
        "acts/checklist_preview.html", proposal=proposal, draft=draft, current=current,
        diff=diff(current.definition, draft.definition) if current else None,
        form=ConfirmForm(preview_hash=checklists.content_hash(draft.definition)),
        withdraw_form=WithdrawProposalForm(),
        may_confirm=party is not None and party != proposal.proposer_party,
        **pages.checklist_preview(definition))


@bp.route("/<int:community_id>/checklists/<int:proposal_id>/confirm", methods=["POST"])
@require(RULE, community_arg="community_id")
def checklist_confirm(community_id, proposal_id):
    """Confirm the other party's proposal: the checklist is frozen and put in use, once."""
    proposal = checklists.get_proposal(community_id, proposal_id)
    form = ConfirmForm()
    form.validate_on_submit()
    return attempt(lambda: checklists.confirm(current_user, proposal, form.preview_hash.data),
                   _("Confirmed: new joint inspections use this checklist."),
                   _draft_page(proposal))


@bp.route("/<int:community_id>/checklists/<int:proposal_id>/withdraw", methods=["POST"])
@require(RULE, community_arg="community_id")
def checklist_withdraw(community_id, proposal_id):
    """Withdraw one's own proposal or decline the other party's."""
    proposal = checklists.get_proposal(community_id, proposal_id)
    return attempt(lambda: checklists.withdraw(current_user, proposal),
                   _("The proposal was withdrawn."), _draft_page(proposal))
