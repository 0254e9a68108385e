"""API tokens: create (shown once), list, revoke, authenticate, and check what a token reads.

A token's reach is stored explicitly when it is made: the communities (one, or all its
creator could read then), the scopes ('published' and/or 'unpublished' periods) and an
expiry. At every use it is narrowed again to what the creator may read now, so a token never
reads more than its creator could.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..communities.models import Community, Period
from ..errors import FieldError, Forbidden, NotFound
from ..extensions import db
from ..models_base import utcnow
from ..permissions import can, community_ids
from .models import SCOPE_OF_STATUS, SCOPES, ApiToken

TOKEN_PREFIX = "sqa_"
DEFAULT_DAYS, MAX_DAYS = 90, 365


class TokenRefused(Exception):
    """A bearer token may not make this request: ``status`` 401 or 403, and why."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def reach(user) -> set[int] | None:
    """Communities whose results the user may read through tokens (None: every one)."""
    if user is None or not getattr(user, "active", False):
        return set()
    manage, view = community_ids("api.manage", user), community_ids("results.view", user)
    if manage is None or view is None:
        return view if manage is None else manage
    return manage & view


def token_communities(user) -> list[Community]:
    """The communities a user may tie a new token to, by name."""
    allowed = reach(user)
    query = select(Community).order_by(Community.name)
    if allowed is not None:
        query = query.where(Community.id.in_(allowed or [-1]))
    return list(db.session.scalars(query))


def _checked_input(name: str, scopes, days) -> tuple[str, list[str], int]:
    """The cleaned name, scopes and lifetime, or a FieldError naming the bad one."""
    name = (name or "").strip()
    if not name:
        raise FieldError("name", _("Give the token a name."))
    chosen = [s for s in SCOPES if s in set(scopes or ())]
    if not chosen or set(scopes) - set(SCOPES):
        raise FieldError("scopes", _("Choose published data, unpublished data, or both."))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise FieldError("days", _("Enter a whole number of days from 1 to 365."))
    return name, chosen, days


def create_token(user, name: str, *, community_id: int | None = None,
                 scopes=("published",), days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token of ``user``; the raw value is returned once, only its hash is stored."""
    name, chosen, days = _checked_input(name, scopes, days)
    allowed = reach(user)
    if allowed is not None and not allowed:
        raise Forbidden(_("You may not read results of any community."))
    if community_id is not None and (db.session.get(Community, community_id) is None or (
            allowed is not None and community_id not in allowed)):
        raise FieldError("community", _("You may not read this community's results."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, token_hash=_digest(raw), prefix=raw[:10], created_by_id=user.id,
        expires_at=utcnow().replace(microsecond=0) + timedelta(days=days),
        scopes=" ".join(chosen), all_communities=community_id is None and allowed is None,
        community_ids=[community_id] if community_id is not None else sorted(allowed or ()))
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.create", token, name=token.name, scopes=token.scopes,
                 communities="all" if token.all_communities else token.community_ids,
                 expires_at=token.expires_at.isoformat())
    return token, raw


def _visible(user, query):
    """Tokens the user may see and revoke: an admin every one, anyone else their own."""
    return query if can("admin.users", user=user) else query.where(
        ApiToken.created_by_id == user.id)


def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke a token for good: only its owner or an admin (others: NotFound)."""
    token = db.session.scalar(_visible(user, select(ApiToken).where(ApiToken.id == token_id)))
    if token is None:
        raise NotFound(_("No token with this number among your tokens."))
    if not token.revoked:
        token.revoked = True
        token.revoked_at = utcnow()
        db.session.flush()
        audit.record("api_token.revoke", token, name=token.name)
    return token


def list_tokens(user) -> list[ApiToken]:
    """The tokens the user may see (an admin: all; others: their own), newest first."""
    return list(db.session.scalars(_visible(user, select(ApiToken)).order_by(
        ApiToken.created_at.desc(), ApiToken.id.desc())))


def authenticate(raw: str | None, now: datetime | None = None) -> ApiToken:
    """The live token matching a raw bearer value (its use noted), or TokenRefused (401)."""
    token = None
    if raw and len(raw) <= 200:
        token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    if token is None:
        raise TokenRefused(401, "The token is unknown.")
    if token.revoked:
        raise TokenRefused(401, "The token was revoked.")
    now = now or utcnow()
    if token.expires_at <= now:
        raise TokenRefused(401, f"The token expired at {token.expires_at.isoformat()} UTC; "
                                "ask for a new one.")
    token.last_used_at = now
    return token


def readable(token: ApiToken) -> set[int] | None:
    """Communities the token reads now: its stored ones within its creator's current reach."""
    now = reach(token.created_by)
    if token.all_communities:
        return now
    stored = set(token.community_ids or ())
    return stored if now is None else stored & now


def check_community(token: ApiToken, community_id: int) -> None:
    """TokenRefused (403) unless the token may read this community."""
    allowed = readable(token)
    if allowed is not None and community_id not in allowed:
        raise TokenRefused(403, f"This token does not cover community {community_id} (it "
                                "reads only the communities it was made for, and only while "
                                "its creator may see them).")


def statuses(token: ApiToken) -> set[str]:
    """Period statuses the token's scopes allow."""
    return {status for status, scope in SCOPE_OF_STATUS.items() if scope in token.scope_set}


def check_status(token: ApiToken, status: str, what: str) -> None:
    """TokenRefused (403) unless the token's scopes cover periods with this status."""
    if status not in statuses(token):
        needed = SCOPE_OF_STATUS.get(status, status)
        raise TokenRefused(403, f"{what}: reading {status} periods needs the '{needed}' "
                                f"scope; this token has: {token.scopes}.")


def check_period(token: ApiToken, period: Period) -> None:
    """TokenRefused (403) unless the token covers the period's community and status."""
    check_community(token, period.community_id)
    check_status(token, period.status, f"Period {period.id}")
