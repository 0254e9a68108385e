"""State changes that exactly one of several simultaneous requests wins.

``advance`` runs one conditional UPDATE: it changes the row only while its columns still
hold what the request read (``expect``), and tells from the row count whether this request
won. Two clicks, two tabs or two workers can then no longer both move a ticket to "closed"
or both publish a period: the loser changes nothing and answers with a clear message.

Call it before changing the object in any other way (before its other attributes are set
or events added): on SQLite the UPDATE then starts the write transaction and sees the
latest committed row; on PostgreSQL the UPDATE waits for a competing one and re-checks.
"""

from __future__ import annotations

from sqlalchemy import and_, update
from sqlalchemy.orm.attributes import set_committed_value

from .extensions import db


def advance(obj, expect: dict, values: dict) -> bool:
    """Set ``values`` on the row of ``obj`` if its columns still equal ``expect``; won?"""
    table = type(obj).__table__
    conditions = [table.c.id == obj.id]
    for name, value in expect.items():
        column = table.c[name]
        conditions.append(column.is_(None) if value is None
                          else column.in_(value) if isinstance(value, tuple | list | set)
                          else column == value)
    result = db.session.execute(update(table).where(and_(*conditions)).values(**values))
    if result.rowcount != 1:
        db.session.expire(obj)  # it changed under us: read it afresh for the message
        return False
    for name, value in values.items():
        set_committed_value(obj, name, value)
    return True


def conflict_message() -> str:
    """What the request that lost the race tells its user."""
    from flask_babel import gettext as _

    return _("Someone else changed this at the same moment. Nothing was saved; please look "
             "at the page again.")
