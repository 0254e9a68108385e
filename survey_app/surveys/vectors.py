"""Answer vectors: the scored answers of a submitted response packed into one column.

The statistics loader needs the Likert, overall and NPS answers of every submitted response.
As answer rows that is 1.4 million rows for 50,000 owners, and fetching them through the
driver alone took 1.3 s on SQLite; as one small blob per response it is 50,000 rows.

The answers table stays the record. The vector is a copy written by the same statement or
transaction that submits the response, and a submitted response never changes afterwards.
Responses stored without one (older data, direct inserts) are read from their answer rows
by the loader, so a missing vector is slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..questionnaires.schema import Definition, Item
from .questions import Parsed

#: little-endian float64: every stored value round-trips exactly
DTYPE = np.dtype("<f8")
#: 不适用, kept apart from a blank (NaN) so the vector says what the answer rows say
NOT_APPLICABLE = -1.0
_NAN = float("nan")


def scored_items(definition: Definition) -> list[Item]:
    """The packed items in order: the Likert items, then the overall item, then NPS."""
    items = definition.items()
    likert = [i for i in items if i.type == "likert" and i.role != "overall"]
    overall = [i for i in items if i.role == "overall"][:1]
    nps = [i for i in items if i.type == "nps"][:1]
    side = overall + [i for i in nps if not overall or i.id != overall[0].id]
    return likert + side


#: id(definition) → (definition, ids); definitions are cached per questionnaire version
_IDS: dict[int, tuple[Definition, tuple[str, ...]]] = {}


def scored_item_ids(definition: Definition) -> tuple[str, ...]:
    """Ids of scored_items(definition), computed once per definition (submissions use it)."""
    cached = _IDS.get(id(definition))
    if cached is not None and cached[0] is definition:
        return cached[1]
    if len(_IDS) > 64:  # definitions parsed outside the cache (tests, scripts)
        _IDS.clear()
    ids = tuple(i.id for i in scored_items(definition))
    _IDS[id(definition)] = (definition, ids)
    return ids


def pack_for(definition: Definition, answers: Mapping) -> bytes:
    """The vector of a response to this questionnaire."""
    return pack(scored_item_ids(definition), answers)


def pack(item_ids: Sequence[str], answers: Mapping) -> bytes:
    """The vector of one response: its value per item, NaN when blank, NOT_APPLICABLE."""
    out = []
    for item_id in item_ids:
        answer = answers.get(item_id)
        if answer is None:
            out.append(_NAN)
        elif answer.is_na:
            out.append(NOT_APPLICABLE)
        else:
            out.append(_NAN if answer.value is None else float(answer.value))
    return np.array(out, dtype=DTYPE).tobytes()


def pack_rows(definition: Definition, rows: Sequence[Mapping]) -> dict[int, bytes]:
    """response id → vector, from answer rows as dicts (bulk inserts: demo data, benchmarks)."""
    by_response: dict[int, dict[str, Parsed]] = {}
    for row in rows:
        by_response.setdefault(row["response_id"], {})[row["item_id"]] = Parsed(
            row.get("value"), row.get("text"), bool(row.get("is_na")))
    ids = scored_item_ids(definition)
    return {response_id: pack(ids, answers) for response_id, answers in by_response.items()}


def store_for_rows(definition: Definition, rows: Sequence[Mapping]) -> None:
    """Write the vectors of bulk-inserted answer rows to their responses (demo, benchmarks)."""
    from sqlalchemy import bindparam, update

    from ..extensions import db
    from .models import Response

    table = Response.__table__
    packed = pack_rows(definition, rows)
    if packed:
        db.session.execute(update(table).where(table.c.id == bindparam("rid"))
                           .values(answer_vector=bindparam("vector")),
                           [{"rid": rid, "vector": vector} for rid, vector in packed.items()])


def pack_matrix(matrix: np.ndarray) -> list[bytes]:
    """The vectors of the rows of an n × items matrix (NaN blank, NOT_APPLICABLE)."""
    rows = np.ascontiguousarray(matrix, dtype=DTYPE)
    return [row.tobytes() for row in rows]


def fits(blob, size: int) -> bool:
    """True when blob is a vector of `size` items."""
    return blob is not None and len(blob) == size * DTYPE.itemsize


def unpack(blobs: Sequence[bytes], size: int) -> np.ndarray:
    """len(blobs) × size float matrix of the vectors (NOT_APPLICABLE kept as is)."""
    if not blobs:
        return np.empty((0, size))
    joined = b"".join(blobs)  # bytes or memoryviews (psycopg)
    return np.frombuffer(joined, dtype=DTYPE).reshape(len(blobs), size).astype(float)


def unpack_all(blobs: Sequence, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(len(blobs) × size matrix, mask of the rows that had a vector); the others are NaN."""
    width = size * DTYPE.itemsize
    # the usual case, every response has a vector, in C-level loops: 50,000 in milliseconds
    if blobs and None not in blobs and all(map(width.__eq__, map(len, blobs))):
        return unpack(blobs, size), np.ones(len(blobs), dtype=bool)
    packed = np.fromiter((fits(b, size) for b in blobs), dtype=bool, count=len(blobs))
    matrix = np.full((len(blobs), size), np.nan)
    matrix[packed] = unpack([b for b, ok in zip(blobs, packed, strict=True) if ok], size)
    return matrix, packed
