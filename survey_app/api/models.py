"""API tokens for the read-only JSON API."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import utcnow

#: published periods' results, and those of draft, open and closed periods
SCOPES = ("published", "unpublished")
#: which scope a period's status needs
SCOPE_OF_STATUS = {"published": "published", "draft": "unpublished", "open": "unpublished",
                   "closed": "unpublished"}


class ApiToken(db.Model):
    """A bearer token for the read-only API; only its sha256 is stored.

    Its reach is fixed when it is made (communities, scopes, expiry) and is checked again at
    every use against what its creator may see then: a token never reads more than its
    creator could now.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    #: first characters of the token, shown so that owners of tokens can tell them apart
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    last_used_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(default=False, nullable=False)
    revoked_at: Mapped[datetime | None]
    #: after this moment the token is refused (chosen at creation, at most a year)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)
    #: space-separated subset of SCOPES
    scopes: Mapped[str] = mapped_column(String(40), nullable=False, default="published",
                                        server_default="published")
    #: True: every community (the creator could see all when it was made); else community_ids
    all_communities: Mapped[bool] = mapped_column(nullable=False, default=False,
                                                  server_default=sa_false())
    #: the communities the token was made for (ids), stored explicitly at creation
    community_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)

    created_by = relationship("User", lazy="joined")

    @property
    def scope_set(self) -> set[str]:
        return set((self.scopes or "").split())
