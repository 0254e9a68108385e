"""Prepare, submit, confirm, send back and revise disclosures; read what the notice shows.

Services flush; the request commits. The company prepares and submits; the committee
confirms exactly the content it was shown (its hash) or sends it back with a reason.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..errors import Conflict, FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..uploads import Photo, delete_photo, save_image
from .content import KINDS, ContentError, check_content, content_hash
from .models import Disclosure

OWNER_TYPE = "disclosure"
MAX_ATTACHMENTS = 12


def get(community_id: int, disclosure_id: int) -> Disclosure:
    """A disclosure of the community (NotFound otherwise)."""
    found = db.session.get(Disclosure, disclosure_id)
    if found is None or found.community_id != community_id:
        raise NotFound
    return found


def working_list(community_id: int) -> list[Disclosure]:
    """Every revision of the community's disclosures, newest first, for staff and committee."""
    return list(db.session.scalars(select(Disclosure).filter_by(community_id=community_id)
                                   .order_by(Disclosure.prepared_at.desc(),
                                             Disclosure.id.desc())))


def _checked(kind: str, title: str, covering: str, raw: dict) -> dict:
    if not (title or "").strip():
        raise FieldError("title", _("Please fill in the title."))
    try:
        return check_content(kind, raw)
    except ContentError as exc:
        raise FieldError(exc.field, str(exc)) from None


def create_draft(user, community, kind: str, title: str, covering: str,
                 raw: dict) -> Disclosure:
    """A new draft (revision 1 of a new matter), checked like a submission."""
    if kind not in KINDS:
        raise NotFound
    content = _checked(kind, title, covering, raw)
    draft = Disclosure(community_id=community.id, kind=kind, title=title.strip(),
                       covering=(covering or "").strip(), content=content,
                       prepared_by_id=user.id)
    db.session.add(draft)
    db.session.flush()
    draft.series_id = draft.id
    audit.record("disclosure.draft", draft, kind=kind)
    return draft


def update_draft(user, draft: Disclosure, title: str, covering: str, raw: dict) -> None:
    """Change a draft; a submitted or published revision never changes."""
    _require_status(draft, "draft")
    content = _checked(draft.kind, title, covering, raw)
    content["attachments"] = draft.attachment_ids
    draft.title, draft.covering, draft.content = title.strip(), (covering or "").strip(), content
    draft.prepared_by_id = user.id
    db.session.flush()


def _require_status(disclosure: Disclosure, status: str) -> None:
    if disclosure.status != status:
        raise Conflict(f"disclosure {disclosure.id} is {disclosure.status}, not {status}")


def submit(user, draft: Disclosure) -> None:
    """Send a draft to the committee for confirmation; its content is fixed from now on."""
    _require_status(draft, "draft")
    draft.status = "pending"
    draft.content_sha256 = content_hash(draft.title, draft.covering, draft.content)
    draft.submitted_by_id, draft.submitted_at = user.id, utcnow()
    draft.returned_reason = ""
    db.session.flush()
    audit.record("disclosure.submit", draft, sha256=draft.content_sha256)


def confirm(user, pending: Disclosure, seen_sha256: str) -> None:
    """The committee confirms what it was shown: the revision goes on the notice board."""
    _require_status(pending, "pending")
    if pending.submitted_by_id == user.id:
        raise FieldError("confirm", _("The person who submitted it cannot also confirm it: "
                                      "another party confirms."))
    if seen_sha256 != pending.content_sha256:
        raise FieldError("confirm", _("The content changed after you opened it: read it "
                                      "again before confirming."))
    for earlier in _published_of(pending.series_id):
        earlier.status, earlier.superseded_at = "superseded", utcnow()
    pending.status = "published"
    pending.confirmed_by_id, pending.confirmed_at = user.id, utcnow()
    db.session.flush()
    audit.record("disclosure.confirm", pending, sha256=pending.content_sha256)


def send_back(user, pending: Disclosure, reason: str) -> None:
    """The committee returns a submission with a reason; it becomes an editable draft again."""
    _require_status(pending, "pending")
    if not (reason or "").strip():
        raise FieldError("reason", _("Please say what has to change."))
    pending.status, pending.content_sha256 = "draft", ""
    pending.returned_reason = reason.strip()[:500]
    pending.returned_by_id, pending.returned_at = user.id, utcnow()
    db.session.flush()
    audit.record("disclosure.send_back", pending, reason=pending.returned_reason)


def _published_of(series_id: int) -> list[Disclosure]:
    return list(db.session.scalars(select(Disclosure).filter_by(series_id=series_id,
                                                                status="published")))


def _open_revision(series_id: int) -> Disclosure | None:
    return db.session.scalar(select(Disclosure).where(
        Disclosure.series_id == series_id, Disclosure.status.in_(("draft", "pending"))))


def revise(user, published: Disclosure, reason: str) -> Disclosure:
    """Start a correction of a published disclosure: a new draft revision with a reason."""
    _require_status(published, "published")
    if not (reason or "").strip():
        raise FieldError("reason", _("Please give the reason for the correction."))
    if _open_revision(published.series_id) is not None:
        raise FieldError("reason", _("A correction of this disclosure is already being "
                                     "prepared: continue that one."))
    draft = Disclosure(community_id=published.community_id, series_id=published.series_id,
                       revision=published.revision + 1, revision_reason=reason.strip()[:500],
                       kind=published.kind, title=published.title,
                       covering=published.covering, content=dict(published.content),
                       prepared_by_id=user.id)
    db.session.add(draft)
    db.session.flush()
    audit.record("disclosure.revise", draft, reason=draft.revision_reason)
    return draft


def discard(user, draft: Disclosure) -> None:
    """Delete a draft and the attachments uploaded to it (published revisions stay)."""
    _require_status(draft, "draft")
    for photo in db.session.scalars(select(Photo).filter_by(owner_type=OWNER_TYPE,
                                                            owner_id=draft.id)):
        delete_photo(photo)
    audit.record("disclosure.discard", draft)
    db.session.delete(draft)
    db.session.flush()


def add_attachment(user, draft: Disclosure, file_storage) -> Photo:
    """Attach a scanned page or photo to a draft (UploadError if the file is no image)."""
    _require_status(draft, "draft")
    if len(draft.attachment_ids) >= MAX_ATTACHMENTS:
        raise FieldError("file", _("At most %(n)s attachments.", n=MAX_ATTACHMENTS))
    photo = save_image(file_storage, community_id=draft.community_id, owner_type=OWNER_TYPE,
                       owner_id=draft.id, user=user)
    draft.content = {**draft.content, "attachments": [*draft.attachment_ids, photo.id]}
    db.session.flush()
    return photo


def remove_attachment(user, draft: Disclosure, photo_id: int) -> None:
    """Take an attachment off a draft; the file goes only if this draft uploaded it."""
    _require_status(draft, "draft")
    if photo_id not in draft.attachment_ids:
        raise NotFound
    draft.content = {**draft.content,
                     "attachments": [i for i in draft.attachment_ids if i != photo_id]}
    photo = db.session.get(Photo, photo_id)
    if photo is not None and photo.owner_type == OWNER_TYPE and photo.owner_id == draft.id:
        delete_photo(photo)
    db.session.flush()


def attachment(community_id: int, disclosure: Disclosure, photo_id: int) -> Photo:
    """A photo attached to this revision of the community (NotFound otherwise)."""
    photo = db.session.get(Photo, photo_id)
    if (photo is None or photo_id not in disclosure.attachment_ids
            or photo.community_id != community_id):
        raise NotFound
    return photo


def notice_items(community_id: int) -> list[Disclosure]:
    """What the notice board shows: the published revision of every matter, newest first."""
    return list(db.session.scalars(select(Disclosure).filter_by(
        community_id=community_id, status="published").order_by(
        Disclosure.confirmed_at.desc(), Disclosure.id.desc())))


def public_revision(community_id: int, disclosure_id: int) -> Disclosure:
    """A revision owners may read: published now or replaced later (NotFound otherwise)."""
    found = get(community_id, disclosure_id)
    if found.status not in ("published", "superseded"):
        raise NotFound
    return found


def history(series_id: int) -> list[Disclosure]:
    """Every revision that was ever on the notice board, newest first."""
    return list(db.session.scalars(select(Disclosure).where(
        Disclosure.series_id == series_id,
        Disclosure.status.in_(("published", "superseded"))).order_by(
        Disclosure.revision.desc())))
