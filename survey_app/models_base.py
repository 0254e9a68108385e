"""Helpers shared by the feature models: timestamps, frozen rows, the periods rows feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, column, event, inspect, table, update
from sqlalchemy.orm import Mapped, MappedColumn, Session, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now in UTC (stored as naive UTC for SQLite/PostgreSQL parity)."""
    return datetime.now(UTC).replace(tzinfo=None)


class TimestampMixin:
    """created_at / updated_at columns."""

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


def owned_by(target: str) -> MappedColumn:
    """A link to the row this one belongs to (``"table.id"``): deleted with it, indexed."""
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), index=True)


def by_user() -> MappedColumn:
    """Who did it: a link to a user that outlives the account (NULL once it is deleted)."""
    return mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


# -- rows that are only ever inserted, or whose stored columns never change ---------------

class FrozenRowError(RuntimeError):
    """Code tried to change a row that is append-only, or a frozen column of a stored row."""


#: model class → (the columns that never change, or None: the whole row; message template)
_FROZEN: dict[type, tuple[tuple[str, ...] | None, str]] = {}


def freeze(cls: type, columns: tuple[str, ...] | None = None,
           message: str = "{cls} rows are append-only") -> None:
    """Refuse to flush a change to a stored row of `cls` (only to `columns` when given).

    `message` is formatted with ``obj`` (the row) and ``cls`` (its class name).
    """
    _FROZEN[cls] = (columns, message)


@event.listens_for(Session, "before_flush")
def _refuse_frozen_changes(session, _context, _instances) -> None:
    for obj in session.dirty:
        rule = _FROZEN.get(type(obj))
        if rule is None:
            continue
        columns, message = rule
        if columns is None:
            changed = session.is_modified(obj)
        else:
            attrs = inspect(obj).attrs
            changed = any(attrs[c].history.has_changes() for c in columns)
        if changed:
            raise FrozenRowError(message.format(obj=obj, cls=type(obj).__name__))


# -- the data version of a period: cached results follow it ------------------------------

_PERIOD = table("period", column("id"), column("data_version"))

#: model class → period_of(session, row): the id (or ids) of the period(s) whose results
#: the row feeds, None when it feeds none now
_FEEDS: dict[type, Callable] = {}


def feeds_results(cls: type, period_of: Callable) -> None:
    """Inserting, changing or deleting a row of `cls` moves its period's data version.

    Every flushed change to such a row bumps ``period.data_version`` in the same
    transaction, so cached results of that period are recomputed: no service can forget
    it. Writes that bypass the ORM unit of work (surveys/submitting.py, the one module with
    raw SQL) bump the version in the same statement or transaction themselves.
    """
    _FEEDS[cls] = period_of


def bump_data_version(connection, period_ids) -> None:
    """Move the data version of these periods (cached results are then recomputed)."""
    ids = sorted({int(i) for i in period_ids if i is not None})
    if ids:
        connection.execute(update(_PERIOD).where(_PERIOD.c.id.in_(ids))
                           .values(data_version=_PERIOD.c.data_version + 1))


@event.listens_for(Session, "after_flush")
def _bump_fed_periods(session, _context) -> None:
    ids: set[int | None] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        period_of = _FEEDS.get(type(obj))
        if period_of is None or (obj in session.dirty and not session.is_modified(obj)):
            continue
        found = period_of(session, obj)
        ids.update(found if isinstance(found, set | list | tuple) else (found,))
    if ids - {None}:
        bump_data_version(session.connection(), ids)
