"""The ledger: append an act of record to the hash chain, read it, verify it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict
from ..extensions import db
from ..models_base import utcnow
from .models import GENESIS, LedgerEntry

#: how often an append is retried after another append took its place in the chain
APPEND_ATTEMPTS = 50


def canonical_json(value) -> str:
    """Sorted keys, no whitespace, UTF-8 text as is: one text per value, so one hash."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False, default=_plain)


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if hasattr(value, "isoformat"):  # dates
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a ledger entry's content")


def entry_hash(prev_hash: str, *, seq: int, act: str, subject_type: str,
               subject_id: int | None, content, created_at: datetime,
               actor_id: int | None) -> str:
    """sha256(prev_hash + canonical JSON of seq, act, subject, content, created_at, actor)."""
    body = canonical_json({"seq": seq, "act": act,
                           "subject": {"type": subject_type, "id": subject_id},
                           "content": content, "created_at": created_at, "actor": actor_id})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _subject(subject) -> tuple[str, int | None]:
    """(type, id) of an ORM object (its table name) or of a ("type", id) pair."""
    if isinstance(subject, tuple):
        return str(subject[0]), subject[1]
    return type(subject).__tablename__, getattr(subject, "id", None)


def _actor_id(actor) -> int | None:
    return actor if isinstance(actor, int) or actor is None else getattr(actor, "id", None)


def record_act(act: str, subject, content: dict, actor=None) -> LedgerEntry:
    """Append an act of record to the ledger (flushes; the request commits)."""
    subject_type, subject_id = _subject(subject)
    text = canonical_json(content)
    values = {"act": act, "subject_type": subject_type, "subject_id": subject_id,
              "content": text, "actor_id": _actor_id(actor)}
    for _attempt in range(APPEND_ATTEMPTS):
        entry = _try_append(values, json.loads(text))
        if entry is not None:
            return entry
    raise Conflict(_("The ledger is busy; nothing was saved. Please try again."))


def _try_append(values: dict, content) -> LedgerEntry | None:
    """Append after the last entry, or None when another append took that place first."""
    try:
        with db.session.begin_nested():  # a lost race rolls back this entry only
            last = db.session.execute(select(LedgerEntry.seq, LedgerEntry.entry_hash)
                                      .order_by(LedgerEntry.seq.desc()).limit(1)).first()
            seq, prev = (last.seq + 1, last.entry_hash) if last else (1, GENESIS)
            created_at = utcnow()
            entry = LedgerEntry(seq=seq, prev_hash=prev, created_at=created_at, **values)
            entry.entry_hash = entry_hash(prev, seq=seq, content=content,
                                          created_at=created_at, **_hashed(values))
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:  # the unique seq / prev_hash: someone else appended first
        return None
    return entry


def _hashed(values: dict) -> dict:
    return {k: values[k] for k in ("act", "subject_type", "subject_id", "actor_id")}


# --------------------------------------------------------------------------- reading

def entries(limit: int | None = None, act: str | None = None) -> list[LedgerEntry]:
    """Entries, newest first (all, or the last `limit`, optionally of one act)."""
    query = select(LedgerEntry).order_by(LedgerEntry.seq.desc())
    if act:
        query = query.where(LedgerEntry.act == act)
    return list(db.session.scalars(query.limit(limit) if limit else query))


def entry_for(act: str, subject) -> LedgerEntry | None:
    """The newest entry of an act about a subject, if any."""
    subject_type, subject_id = _subject(subject)
    return db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.act == act, LedgerEntry.subject_type == subject_type,
        LedgerEntry.subject_id == subject_id).order_by(LedgerEntry.seq.desc()).limit(1))


@dataclass(frozen=True)
class Verdict:
    """The outcome of walking the chain: how many entries, and the first broken one."""

    count: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(batch: int = 1000) -> Verdict:
    """Walk the chain from the first entry; name the first entry that does not hold."""
    prev, expected, last_seq = GENESIS, 1, 0
    while True:
        rows = db.session.execute(select(LedgerEntry.__table__).where(
            LedgerEntry.seq > last_seq).order_by(LedgerEntry.seq).limit(batch)).all()
        for row in rows:
            problem = entry_problem(row, expected, prev)
            if problem:
                return Verdict(expected - 1, row.seq, problem)
            prev, expected, last_seq = row.entry_hash, expected + 1, row.seq
        if len(rows) < batch:
            return Verdict(expected - 1)


def entry_problem(row, expected_seq: int, prev: str) -> str:
    """Why a stored row breaks the chain (empty when it holds)."""
    if row.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next stored entry is {row.seq})"
    if row.prev_hash != prev:
        return "its prev_hash is not the hash of the entry before it"
    try:
        content = json.loads(row.content)
    except ValueError:
        return "its content is not JSON"
    if canonical_json(content) != row.content:
        return "its content is not in canonical form (it was rewritten)"
    recomputed = entry_hash(row.prev_hash, seq=row.seq, act=row.act,
                            subject_type=row.subject_type, subject_id=row.subject_id,
                            content=content, created_at=row.created_at,
                            actor_id=row.actor_id)
    if recomputed != row.entry_hash:
        return "its stored hash does not match its fields: the row was edited"
    return ""


def entry_at(seq: int) -> LedgerEntry | None:
    """The entry stored with this sequence number, if any."""
    return db.session.scalar(select(LedgerEntry).where(LedgerEntry.seq == seq))
