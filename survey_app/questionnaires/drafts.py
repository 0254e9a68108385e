"""Drafts: definitions edited in the browser, private to a community until published.

A draft holds the same structure as the YAML files; publishing checks it with the same
parser as ``flask questionnaires check`` and freezes it through ``services.publish``.
"""

from __future__ import annotations

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..errors import FieldError, NotFound
from ..extensions import db
from ..permissions import DRAFT_EDITORS, TWO_PARTY_KINDS, edits_kind, ensure_edits_kind
from . import services
from .loader import DefinitionError, parse_definition
from .models import QuestionnaireDraft, QuestionnaireVersion


def dump_yaml(definition: dict) -> str:
    """A draft's definition as YAML text (keys in their stored order, Chinese unescaped)."""
    return yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=100)


def read_yaml(text: str) -> dict:
    """YAML text as a definition mapping, or a FieldError on the upload field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FieldError("yaml", _("This is not valid YAML: %(error)s", error=exc)) from None
    if not isinstance(data, dict):
        raise FieldError("yaml", _("The file must hold a questionnaire definition (a mapping "
                                   "with key, kind, version, title, dimensions and sections)."))
    return data


def problems_of(definition: dict) -> list:
    """Every schema problem of a definition, as ``flask questionnaires check`` reports them."""
    try:
        parse_definition(dump_yaml(definition), "draft")
    except DefinitionError as exc:
        return exc.problems
    return []


def drafts_of(community_id: int | None, user=None,
              organisation_id: int | None = None) -> list[QuestionnaireDraft]:
    """A community's drafts of the kinds the user edits (or an organisation's, or the
    template library's when both are None), newest first."""
    query = select(QuestionnaireDraft).where(
        QuestionnaireDraft.community_id.is_(None) if community_id is None
        else QuestionnaireDraft.community_id == community_id,
        QuestionnaireDraft.organisation_id.is_(None) if organisation_id is None
        else QuestionnaireDraft.organisation_id == organisation_id)
    found = db.session.scalars(query.order_by(QuestionnaireDraft.updated_at.desc(),
                                              QuestionnaireDraft.id.desc()))
    if community_id is None or user is None:
        return list(found)
    return [d for d in found if edits_kind(_rule_kind(d.kind), community_id, user)]


def _rule_kind(kind: str) -> str:
    """The kind whose editors decide: a draft whose kind is being typed is the staff's."""
    return kind if kind in DRAFT_EDITORS else "owner_survey"


def get_draft(community_id: int | None, draft_id: int, user=None) -> QuestionnaireDraft:
    """One draft of this community (NotFound for another community's: drafts are private);
    Forbidden when the user does not edit drafts of its kind (``user`` None: no check, for
    the command line)."""
    draft = db.session.get(QuestionnaireDraft, draft_id)
    if draft is None or draft.community_id != community_id or draft.organisation_id:
        raise NotFound(draft_id)
    if user is not None and community_id is not None:
        ensure_edits_kind(_rule_kind(draft.kind), community_id, user)
    return draft


def get_org_draft(organisation_id: int, draft_id: int, user) -> QuestionnaireDraft:
    """One score-sheet draft of an assessor organisation, for its lead only."""
    from ..permissions import ensure_org_lead

    ensure_org_lead(organisation_id, user)
    draft = db.session.get(QuestionnaireDraft, draft_id)
    if draft is None or draft.organisation_id != organisation_id:
        raise NotFound(draft_id)
    return draft


def create_draft(user, community_id: int | None, definition: dict,
                 organisation_id: int | None = None) -> QuestionnaireDraft:
    """Start a draft from a definition mapping (from a file, a version or an upload)."""
    draft = QuestionnaireDraft(community_id=community_id, organisation_id=organisation_id,
                               created_by_id=getattr(user, "id", None),
                               definition=definition, **_header(definition))
    _check_kind(user, draft, draft.kind, "source")
    db.session.add(draft)
    db.session.flush()
    audit.record("questionnaire.draft.create", draft, community_id=community_id)
    return draft


def _check_kind(user, draft: QuestionnaireDraft, kind: str, field: str) -> None:
    """FieldError unless the user edits this kind where the draft lives: an organisation
    drafts third-party sheets only; in a community, DRAFT_EDITORS decides."""
    if draft.organisation_id is not None:
        if kind != "third_party":
            raise FieldError(field, _("An assessor organisation drafts third-party "
                                      "assessment sheets only (kind: third_party)."))
        return
    if user is None or draft.community_id is None:
        return
    if not edits_kind(_rule_kind(kind), draft.community_id, user):
        raise FieldError(field, _("Your account does not edit questionnaires of the kind "
                                  "“%(kind)s” in this community; third-party sheets are "
                                  "edited by the assessor organisation's lead.", kind=kind))


def draft_from_version(user, community_id: int | None, version_id: int) -> QuestionnaireDraft:
    """Start a draft from a published version (copy; the version itself never changes)."""
    version = db.session.get(QuestionnaireVersion, version_id)
    if version is None:
        raise FieldError("source", _("Choose a published version to start from."))
    return create_draft(user, community_id, dump_and_read(version.definition))


def dump_and_read(definition: dict) -> dict:
    """A deep copy in the YAML files' own shape."""
    return yaml.safe_load(dump_yaml(definition))


def update_draft(user, draft: QuestionnaireDraft, definition: dict) -> QuestionnaireDraft:
    """Replace a draft's definition (invalid drafts are kept: problems show until publish)."""
    if draft.is_published:
        raise FieldError("yaml", _("This draft was published and can no longer change; "
                                   "start a new draft from its version."))
    _check_not_proposed(draft, "yaml")
    _check_kind(user, draft, _header(definition)["kind"], "yaml")
    draft.definition = definition
    for name, value in _header(definition).items():
        setattr(draft, name, value)
    db.session.flush()
    audit.record("questionnaire.draft.update", draft, community_id=draft.community_id)
    return draft


def delete_draft(user, draft: QuestionnaireDraft) -> None:
    """Discard an unpublished draft."""
    if draft.is_published:
        raise FieldError("draft", _("A published draft is kept as the record of its version."))
    _check_not_proposed(draft, "draft")
    audit.record("questionnaire.draft.delete", draft, community_id=draft.community_id)
    db.session.delete(draft)
    db.session.flush()


def _check_not_proposed(draft: QuestionnaireDraft, field: str) -> None:
    """A draft proposed for use stays exactly as the other party will confirm it."""
    from ..acts.checklists import pending_for

    if draft.id is not None and pending_for(draft.id) is not None:
        raise FieldError(field, _("This checklist is proposed for use and awaits the other "
                                  "party's confirmation; withdraw the proposal to change it."))


def publish_draft(user, draft: QuestionnaireDraft) -> QuestionnaireVersion:
    """Validate with the files' schema and freeze a new version; the draft becomes read-only.

    A community's joint-inspection checklist goes into use only through the two-party act
    (acts.checklists): one party proposes, the other confirms."""
    if draft.community_id is not None and draft.kind in TWO_PARTY_KINDS:
        raise FieldError("draft", _("A joint inspection checklist is put in use by both "
                                    "parties: propose it, and a member of the other party "
                                    "confirms it from their own account."))
    return freeze_draft(user, draft)


def freeze_draft(user, draft: QuestionnaireDraft) -> QuestionnaireVersion:
    """Check the draft with the files' schema and freeze it as a new version (read-only)."""
    if draft.is_published:
        raise FieldError("draft", _("This draft is already published."))
    try:
        definition = parse_definition(dump_yaml(draft.definition), "draft")
    except DefinitionError as exc:
        raise FieldError("yaml", "; ".join(str(p) for p in exc.problems)) from None
    try:
        version, created = services.publish(definition, user)
    except services.VersionConflict:
        raise FieldError("yaml", _("Version %(version)s of %(key)s is already published with "
                                   "other content: raise the version number.",
                                   version=definition.version, key=definition.key)) from None
    if not created:
        raise FieldError("yaml", _("Version %(version)s of %(key)s is already published with "
                                   "the same content.", version=definition.version,
                                   key=definition.key))
    draft.version_id = version.id
    db.session.flush()
    return version


def _header(definition: dict) -> dict:
    """The listing columns of a draft, read leniently (a draft may be incomplete)."""
    title = definition.get("title")
    if isinstance(title, dict):
        title = title.get("zh_CN") or next(iter(title.values()), "")
    return {"key": str(definition.get("key") or "")[:60],
            "kind": str(definition.get("kind") or "")[:30],
            "title": str(title or _("(untitled)"))[:200]}


def change_draft(user, draft: QuestionnaireDraft, change, *args) -> QuestionnaireDraft:
    """Apply one editing step (``editing.move_section`` ...) to a draft and save it."""
    try:
        definition = change(draft.definition, *args)
    except IndexError:
        raise NotFound(draft.id) from None
    return update_draft(user, draft, definition)


def save_item(user, draft: QuestionnaireDraft, s: int, i: int | None, item: dict):
    """Put an edited item into the draft unless the schema objects to that item.

    The objection goes to the form field it concerns (``editing.field_of``) and nothing is
    saved; problems elsewhere in the draft (an emptied section) do not block the item.
    """
    from . import editing

    try:
        definition = editing.put_item(draft.definition, s, i, item)
    except IndexError:
        raise NotFound(draft.id) from None
    index = i if i is not None else len(editing.section_at(definition, s)["items"]) - 1
    for problem in problems_of(definition):
        field = editing.field_of(problem.path, s, index)
        if field:
            raise FieldError(field, problem.message)
    return update_draft(user, draft, definition)


def parsed_draft(draft: QuestionnaireDraft):
    """The draft as a validated Definition (for the preview), or a FieldError listing problems."""
    try:
        return parse_definition(dump_yaml(draft.definition), "draft")
    except DefinitionError as exc:
        raise FieldError("yaml", _("Correct the problems listed under Check before previewing: "
                                   "%(problems)s", problems="; ".join(
                                       str(p) for p in exc.problems[:3]))) from None


def previous_version(version: QuestionnaireVersion) -> QuestionnaireVersion | None:
    """The version of the same key published before this one."""
    return db.session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == version.key, QuestionnaireVersion.id != version.id,
               QuestionnaireVersion.published_at <= version.published_at)
        .order_by(QuestionnaireVersion.published_at.desc(), QuestionnaireVersion.id.desc())
        .limit(1))


def breaks_trends(version: QuestionnaireVersion) -> QuestionnaireVersion | None:
    """The previous version when items or dimensions changed since it (trends lose
    comparability across the two), else None."""
    from .diffing import diff

    previous = previous_version(version)
    if previous is not None and diff(previous.definition, version.definition).breaks_trends:
        return previous
    return None


def set_total_points(user, draft: QuestionnaireDraft, total) -> QuestionnaireDraft:
    """Set (or, with None, drop) the total a checklist claims; refused on the field when its
    points items do not add up to it, and nothing is saved."""
    definition = dump_and_read(draft.definition)
    definition.pop("total_points", None)
    if total is not None:
        definition["total_points"] = int(total) if float(total).is_integer() else total
    for problem in problems_of(definition):
        if problem.path == "total_points":
            raise FieldError("total_points", problem.message)
    return update_draft(user, draft, definition)
