"""API tokens: create (shown once), revoke, authenticate a bearer token."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from .. import audit
from ..errors import NotFound
from ..extensions import db
from ..models_base import utcnow
from .models import ApiToken

TOKEN_PREFIX = "sqa_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(name: str, user=None) -> tuple[ApiToken, str]:
    """A new token made by ``user``; the raw value is returned once, only its hash is stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name.strip(), token_hash=_digest(raw), prefix=raw[:10],
                     created_by_id=getattr(user, "id", None))
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.create", token, name=token.name)
    return token, raw


def revoke_token(token_id: int) -> ApiToken:
    """Revoke a token for good (flushes)."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound
    if not token.revoked:
        token.revoked = True
        token.revoked_at = utcnow()
        db.session.flush()
        audit.record("api_token.revoke", token, name=token.name)
    return token


def list_tokens() -> list[ApiToken]:
    """All tokens, newest first."""
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(),
                                                              ApiToken.id.desc())))


def authenticate(raw: str | None) -> ApiToken | None:
    """The live token matching a raw bearer value (and note its use), or None."""
    if not raw or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    if token is None or token.revoked:
        return None
    token.last_used_at = utcnow()
    return token
