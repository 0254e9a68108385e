"""Authorization in one place: roles as data, the permission map, access rules for every route.

Every endpoint must have a declared rule: a view-level decorator (``public``, ``require``) or
its blueprint's default set with ``guard_blueprint``. A request to an endpoint without a rule
is refused, and ``tests/functional/test_access_matrix.py`` fails for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

ROLES = ("admin", "staff", "committee", "assessor", "director", "officer")
#: roles scoped by an OversightScope (a company or a jurisdiction subtree), never by community
OVERSIGHT_ROLES = ("director", "officer")

#: permission -> roles that hold it; admin holds every permission.
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin.users": frozenset({"admin"}),
    "community.view": frozenset({"staff", "committee", "assessor"}),
    "community.manage": frozenset({"staff"}),
    "questionnaire.manage": frozenset({"staff"}),
    #: reach a community's questionnaire drafts; which kinds each role edits is
    #: DRAFT_EDITORS below (the committee: joint-inspection checklists only)
    "questionnaire.draft": frozenset({"staff", "committee"}),
    #: reach an assessor organisation's score-sheet drafts; only its lead edits them
    #: (ensure_org_lead)
    "sheet.edit": frozenset({"assessor"}),
    "survey.manage": frozenset({"staff"}),
    "survey.view": frozenset({"staff", "committee"}),
    #: print slips, see who has not answered; who exactly is the community's code_holder
    "survey.codes": frozenset({"staff", "committee"}),
    #: integrity signals (刷满意度) and excluding flagged responses: the owners' side
    "survey.integrity": frozenset({"committee"}),
    "inspection.view": frozenset({"staff", "committee"}),
    "inspection.edit": frozenset({"committee"}),
    "rectification.update": frozenset({"staff"}),
    #: the company's own inspections (品质部): the company records them; the committee reads
    #: them, because anything that may feed a result must be checkable by the other party
    "internal.view": frozenset({"staff", "committee"}),
    "internal.record": frozenset({"staff"}),
    #: recurring inspection plans: each party plans its own kinds (checked per plan kind)
    "plan.view": frozenset({"staff", "committee"}),
    "plan.manage": frozenset({"staff", "committee"}),
    "assessment.manage": frozenset({"staff", "committee"}),
    "assessment.score": frozenset({"assessor"}),
    "assessment.view": frozenset({"staff", "committee", "assessor"}),
    "ticket.handle": frozenset({"staff"}),
    "ticket.stats": frozenset({"staff", "committee"}),
    #: the community's graded escalation chain 分级处理 (who hears of overdue tickets)
    "ticket.chain": frozenset({"staff"}),
    #: complaint and repair records 书面记录, read-only, owners masked: the committee audits
    "ticket.records": frozenset({"staff", "committee"}),
    #: the national working-hours calendar (holidays, make-up work days) for every community
    "calendar.manage": frozenset({"staff"}),
    "results.view": frozenset({"staff", "committee", "assessor"}),
    "results.publish": frozenset({"staff", "committee"}),
    "scheme.manage": frozenset({"staff"}),
    "report.manage": frozenset({"staff", "committee"}),
    "api.manage": frozenset({"staff"}),
    #: 公示 beyond scores: the company prepares, the committee confirms (two parties)
    "disclosure.view": frozenset({"staff", "committee"}),
    "disclosure.prepare": frozenset({"staff"}),
    "disclosure.confirm": frozenset({"committee"}),
    #: the audit-log viewer: read-only, a committee for its own communities (admin: all)
    "audit.view": frozenset({"committee"}),
    #: one person's export or deletion request (PIPL): administrators only
    "privacy.manage": frozenset(),
    #: the delivery log of notifications (who, channel, state; never message text)
    "notification.log": frozenset({"staff"}),
    #: companies, jurisdictions, service terms and oversight scopes: administrators only
    "org.manage": frozenset(),
    #: the cross-community overview: company quality director 质量总监, government officer
    "overview.view": frozenset({"director", "officer"}),
    #: closing a quarter for many communities (results of record in the background): the
    #: company's quality director; periods still open stay two-party acts and are skipped
    "period.close_many": frozenset({"director"}),
    #: complaints escalated to the 街道: the officer asks the company and answers
    "escalation.handle": frozenset({"officer"}),
    #: the company's reply to an escalated complaint: its staff in the community
    "escalation.reply": frozenset({"staff"}),
}

PUBLIC = "public"
LOGIN = "login"
#: authenticated by an API bearer token in the blueprint, not by the session
TOKEN = "token"


@dataclass(frozen=True)
class Rule:
    """Who may call an endpoint: public, any logged-in user, or holders of a permission.

    ``community_arg`` names the URL argument that scopes the permission to one community.
    """

    permission: str
    community_arg: str | None = None


_BLUEPRINT_RULES: dict[str, Rule] = {}


def _rule(permission: str, community_arg: str | None = None) -> Rule:
    if permission not in (PUBLIC, LOGIN, TOKEN) and permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    return Rule(permission, community_arg)


def public(view: Callable) -> Callable:
    """Mark a view as reachable without logging in."""
    view._access_rule = Rule(PUBLIC)
    return view


def token_auth(view: Callable) -> Callable:
    """Mark a view as authenticated by an API bearer token (checked by its blueprint)."""
    view._access_rule = Rule(TOKEN)
    return view


def login_only(view: Callable) -> Callable:
    """Mark a view as reachable by any logged-in user."""
    view._access_rule = Rule(LOGIN)
    return view


def json_401(view: Callable) -> Callable:
    """Answer a signed-out caller of this view with 401 JSON instead of the sign-in page."""
    view._json_401 = True
    return view


def require(permission: str, community_arg: str | None = None) -> Callable:
    """Mark a view as needing a permission, optionally within the community in the URL."""
    rule = _rule(permission, community_arg)

    def decorate(view: Callable) -> Callable:
        view._access_rule = rule
        return view

    return decorate


def guard_blueprint(blueprint, permission: str, community_arg: str | None = None) -> None:
    """Give every view of a blueprint a default rule (views may declare their own)."""
    _BLUEPRINT_RULES[blueprint.name] = _rule(permission, community_arg)


def rule_for(endpoint: str | None) -> Rule | None:
    """The declared rule of an endpoint, or None when nothing was declared."""
    if endpoint is None:
        return None
    if endpoint == "static":
        return Rule(PUBLIC)
    view = current_app.view_functions.get(endpoint)
    declared = getattr(view, "_access_rule", None)
    if declared is not None:
        return declared
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    return _BLUEPRINT_RULES.get(blueprint) if blueprint else None


def user_roles(user, community_id: int | None = None) -> set[str]:
    """Roles a user holds globally, plus those held in the given community."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    roles = set()
    for membership in user.memberships:
        if membership.community_id is None or community_id is None:
            roles.add(membership.role)
        elif membership.community_id == community_id:
            roles.add(membership.role)
    return roles


def can(permission: str, community_id: int | None = None, user=None) -> bool:
    """Whether the user (default: current) holds a permission, in a community if given."""
    user = current_user if user is None else user
    if not getattr(user, "is_authenticated", False) or not getattr(user, "active", True):
        return False
    if permission == LOGIN:
        return True
    roles = user_roles(user, community_id)
    return "admin" in roles or bool(roles & PERMISSIONS[permission])


def community_ids(permission: str, user=None) -> set[int] | None:
    """Communities where the user holds a permission; None means every community."""
    user = current_user if user is None else user
    if not getattr(user, "is_authenticated", False):
        return set()
    holders = PERMISSIONS.get(permission, frozenset()) | {"admin"}
    scoped = set()
    for membership in user.memberships:
        if membership.role in holders:
            if membership.community_id is None:
                return None
            scoped.add(membership.community_id)
    return scoped


#: the role that acts for each party named by Community.code_holder
CODE_HOLDER_ROLES = {"committee": {"committee"}, "company": {"staff"},
                     "both": {"committee", "staff"}}


def holds_codes(community, user=None) -> bool:
    """Whether the user acts for the party that holds the community's access codes."""
    user = current_user if user is None else user
    if not can("survey.codes", community.id, user):
        return False
    roles = user_roles(user, community.id)
    return "admin" in roles or bool(roles & CODE_HOLDER_ROLES.get(community.code_holder, set()))


def ensure_code_holder(community, user=None) -> None:
    """Raise Forbidden, saying who holds the codes, unless the user's party holds them."""
    from flask_babel import gettext as _

    from .communities.models import CODE_HOLDER_LABELS
    from .errors import Forbidden

    if not holds_codes(community, user):
        holder = CODE_HOLDER_LABELS.get(community.code_holder, community.code_holder)
        raise Forbidden("not the code holder", explanation=_(
            "In this community the access codes are held by %(holder)s: only they may print "
            "the slips or see which households have not answered. The setting is on the "
            "community's edit page.", holder=holder))


def sees_owner_contact(ticket, user=None) -> bool:
    """PIPL: whether the user sees an owner's name and phone in full on a ticket: only the
    account holding the ticket at its current step (feedback/assignment.py); masked to all
    other accounts, to the committee and once the ticket is closed."""
    user = current_user if user is None else user
    if not can("ticket.handle", ticket.community_id, user):
        return False
    from .feedback.assignment import contact_holders

    holders = contact_holders(ticket)
    return holders is None or user.id in holders


#: inspection kinds the company's quality department records (inspections.models.INTERNAL_KINDS)
INTERNAL_INSPECTION_KINDS = frozenset({"patrol", "special", "night", "cross"})


def inspection_recorder(kind: str) -> str:
    """The permission to record, rectify and re-inspect an inspection of this kind: the
    committee leads joint inspections, the company's quality department its own."""
    return "internal.record" if kind in INTERNAL_INSPECTION_KINDS else "inspection.edit"
#: who edits a community's drafts of each kind (issue 18): staff their surveys and internal
#: checklists; both parties a joint checklist (put in use only by a two-party act); nobody
#: in a community a third-party sheet (the assessor organisation's lead, ensure_org_lead)
DRAFT_EDITORS: dict[str, frozenset[str]] = {
    "owner_survey": frozenset({"staff"}),
    "internal_inspection": frozenset({"staff"}),
    "joint_inspection": frozenset({"staff", "committee"}),
    "third_party": frozenset(),
}
#: kinds whose drafts go into use only by one party proposing and the other confirming
TWO_PARTY_KINDS = frozenset({"joint_inspection"})


def edits_kind(kind: str, community_id: int, user=None) -> bool:
    """Whether the user may edit a community's drafts of this kind (admin: every kind that
    a community edits)."""
    user = current_user if user is None else user
    editors = DRAFT_EDITORS.get(kind)
    if not editors or not getattr(user, "is_authenticated", False):
        return False
    roles = user_roles(user, community_id)
    return "admin" in roles or bool(roles & editors)


def ensure_edits_kind(kind: str, community_id: int, user=None) -> None:
    """Raise Forbidden, saying who edits it, unless the user edits drafts of this kind."""
    from .errors import Forbidden

    if edits_kind(kind, community_id, user):
        return
    if kind == "third_party":
        explanation = _("Third-party assessment sheets are edited by the lead of the "
                        "assessor organisation, from its own account.")
    elif kind == "joint_inspection":
        explanation = _("Joint inspection checklists are edited by the company's staff and "
                        "the owners' committee.")
    else:
        explanation = _("Owner questionnaires and internal checklists are edited by the "
                        "company's staff.")
    raise Forbidden("draft kind", explanation=explanation)


def is_org_lead(organisation_id: int, user=None) -> bool:
    """Whether the user is the lead of this assessor organisation (an active assessor)."""
    user = current_user if user is None else user
    if not can("sheet.edit", None, user) or "assessor" not in user_roles(user):
        return False
    from sqlalchemy import select

    from .assessments.models import AssessorMember
    from .extensions import db

    return bool(db.session.scalar(select(AssessorMember.is_lead).where(
        AssessorMember.user_id == user.id,
        AssessorMember.organisation_id == organisation_id)))


def ensure_org_lead(organisation_id: int, user=None) -> None:
    """Raise Forbidden unless the user leads the assessor organisation."""
    from .errors import Forbidden

    if not is_org_lead(organisation_id, user):
        raise Forbidden("not the organisation's lead", explanation=_(
            "Only the lead of the assessor organisation edits its score sheets."))


def oversight_community_ids(user=None) -> set[int] | None:
    """Communities a director (its company's, today) or an officer (its jurisdiction
    subtree's) oversees; None means every community (admin); others oversee none."""
    user = current_user if user is None else user
    roles = user_roles(user)
    if "admin" in roles:
        return None
    if not roles & set(OVERSIGHT_ROLES):
        return set()
    from .oversight import scope

    return scope.overseen_by(user.id)


def officer_only(user=None) -> bool:
    """Whether the user sees the overview as government: published results only."""
    user = current_user if user is None else user
    roles = user_roles(user)
    return "officer" in roles and not roles & {"admin", "director"}


def ensure_oversees(community_id: int, user=None) -> None:
    """Raise NotFound unless the user oversees the community (another jurisdiction's or
    company's community does not exist for them)."""
    from .errors import NotFound

    allowed = oversight_community_ids(user)
    if allowed is not None and community_id not in allowed:
        raise NotFound


def ensure(permission: str, community_id: int | None = None) -> None:
    """Abort with 403 unless the current user holds the permission."""
    if not can(permission, community_id):
        abort(403)


def _enforce():
    """before_request hook: apply the endpoint's rule, refusing undeclared endpoints."""
    if request.endpoint is None:
        return None
    rule = rule_for(request.endpoint)
    if rule is None:
        current_app.logger.error("No access rule declared for %s", request.endpoint)
        abort(403)
    if rule.permission in (PUBLIC, TOKEN):
        return None
    if not current_user.is_authenticated:
        if getattr(current_app.view_functions.get(request.endpoint), "_json_401", False):
            # a script's queued request: a redirect to the sign-in page would lose its queue
            return jsonify({"ok": False, "login": True,
                            "message": _("Your session has ended. Sign in again.")}), 401
        return current_app.login_manager.unauthorized()
    community_id = None
    if rule.community_arg:
        community_id = (request.view_args or {}).get(rule.community_arg)
    if not can(rule.permission, community_id):
        abort(403)
    return None


def register_access_control(app) -> None:
    """Install the rule check and expose ``can`` to templates."""
    app.before_request(_enforce)
    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["inspection_recorder"] = inspection_recorder
