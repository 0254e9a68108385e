"""The hot path of a survey as plain driver SQL: ticket lookup and the submission's writes.

Measured with bench/submit.py: SQLAlchemy's execution layer (compiled-cache lookup, parameter
and result processing) cost more than the SQL itself (about 100 µs per statement on SQLite),
and on PostgreSQL every statement is a network round trip. So these statements go to the
DB-API cursor of the session's own connection, inside the session's transaction: the route's
single commit still covers them. On PostgreSQL a whole submission is ONE statement (a
data-modifying CTE); on SQLite, which has no such CTEs, four statements run back to back so
that the write lock is held briefly.

On PostgreSQL, two statements may run outside an explicit transaction
(``_cursor(autocommit=True)``) when the session's connection has none open yet: the ticket
lookup (a read: under READ COMMITTED every statement takes its own snapshot anyway, so a
BEGIN before it buys nothing but a round trip), and, when the caller commits right afterwards
and writes nothing else (``then_commit``), the submission CTE (one statement is atomic by
itself, so it commits as its own transaction). A submission then costs two round trips
instead of four (BEGIN, ticket, CTE, COMMIT), and the period row that every submission
updates stays locked only while that one statement finishes and commits, not across a further
round trip and the Python between them, so parallel submissions queue less on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from psycopg.pq import TransactionStatus

from ..extensions import db
from .models import random_id
from .questions import Parsed

_IDLE = TransactionStatus.IDLE

_TICKET = (
    "SELECT c.id, c.code, c.used_on, c.household_id, h.building_id, s.id, s.period_id, "
    "s.status, q.sha256 FROM survey_access_code c "
    "JOIN household h ON h.id = c.household_id "
    "JOIN survey s ON s.id = c.survey_id "
    "JOIN questionnaire_version q ON q.id = s.questionnaire_version_id "
    "WHERE c.code = {m}")

# ON CONFLICT DO NOTHING: a household that has a response already gets no row back (and no
# error, so the transaction stays usable for the fallback path and for paper imports)
# no time is written: the code keeps the day only, and keys are random (models.random_id)
_INSERT_RESPONSE = (
    "INSERT INTO survey_response (id, survey_id, period_id, household_key, building_id, "
    "channel, status, current_section, answer_vector, duration_seconds, device_group, "
    "entered_by_id) "
    "VALUES ({m}, {m}, {m}, {m}, {m}, {m}, 'submitted', 0, {m}, {m}, {m}, {m}) "
    "ON CONFLICT (survey_id, household_key) DO NOTHING RETURNING id")
_INSERT_ANSWERS = ("INSERT INTO survey_answer (id, response_id, item_id, value, text, is_na) "
                   "VALUES ({m}, {m}, {m}, {m}, {m}, {m})")
_CODE_USED = "UPDATE survey_access_code SET used_on = {m} WHERE id = {m}"
# what communities.services.touch_period does (cached results follow Period.data_version)
_TOUCH_PERIOD = "UPDATE period SET data_version = data_version + 1 WHERE id = {m}"

# PostgreSQL: response, answers, code used and period touched in one statement; the later
# parts only act when the response row was inserted. The answers travel as one JSON array of
# rows: json.dumps is C code, while psycopg's dumping of four Python lists into arrays was a
# tenth of the request's Python time. Order matters for parallel submissions, which all
# update the same period row and so queue on its lock until commit: PostgreSQL runs the
# WITH parts the main query does not read in reverse order of writing (after r), so p, written
# first, runs last and its lock is taken after the 28 answer rows are in.
_PG_SUBMIT = """
WITH r AS (
  INSERT INTO survey_response (id, survey_id, period_id, household_key, building_id,
                               channel, status, current_section, answer_vector,
                               duration_seconds, device_group, entered_by_id)
  VALUES (%s, %s, %s, %s, %s, %s, 'submitted', 0, %s, %s, %s, %s)
  ON CONFLICT (survey_id, household_key) DO NOTHING
  RETURNING id
), p AS (
  UPDATE period SET data_version = data_version + 1 WHERE id = %s AND EXISTS (SELECT FROM r)
), c AS (
  UPDATE survey_access_code SET used_on = %s WHERE id = %s AND EXISTS (SELECT FROM r)
), a AS (
  INSERT INTO survey_answer (id, response_id, item_id, value, text, is_na)
  SELECT v.id, r.id, v.item_id, v.value, v.text, v.is_na
  FROM r, json_to_recordset(%s::json)
       AS v(id bigint, item_id varchar(40), value float8, text text, is_na boolean)
)
SELECT id FROM r
"""


@contextmanager
def _cursor(autocommit: bool = False) -> Iterator[tuple]:
    """(DB-API cursor, is SQLite) on the session's connection, inside its transaction.

    ``autocommit`` (PostgreSQL): when no transaction is open on the connection yet, the
    block's statements run outside one, each its own transaction; with one open (something
    ran before in this session transaction) they join it as usual. The connection always
    leaves in its normal, transactional mode, so nothing else ever runs in autocommit.
    """
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    own = autocommit and not sqlite and raw.info.transaction_status == _IDLE
    if own:
        raw.autocommit = True
    try:
        with closing(raw.cursor()) as cursor:
            yield cursor, sqlite
    finally:
        if own:
            raw.autocommit = False


def _sql(template: str, sqlite: bool) -> str:
    """The statement with the driver's parameter marker: ? for sqlite3, %s for psycopg."""
    return template.format(m="?" if sqlite else "%s")


def _day_param(day: date, sqlite: bool):
    # sqlite3's implicit date adapter is deprecated; this is SQLAlchemy's storage format
    return day.isoformat() if sqlite else day


def _day_value(value) -> date | None:
    """A DATE column as read by the driver (sqlite3 returns text)."""
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


@dataclass(frozen=True)
class Signals:
    """What a submission records for the integrity signals (integrity.py); never a time."""

    duration_seconds: int | None = None
    device_group: str | None = None
    entered_by_id: int | None = None


def ticket_row(code: str) -> tuple | None:
    """(code id, code, used_on, household, building, survey, period, status, sha256) or None."""
    with _cursor(autocommit=True) as (cursor, sqlite):
        cursor.execute(_sql(_TICKET, sqlite), (code,))
        row = cursor.fetchone()
    if row is None:
        return None
    return row[:2] + (_day_value(row[2]),) + tuple(row[3:])


def insert_submitted(survey_id: int, period_id: int, key: str, building_id: int | None,
                     channel: str, code_id: int | None, answers: dict[str, Parsed],
                     vector: bytes, today: date, signals: Signals = Signals(),
                     then_commit: bool = False) -> int | None:
    """Insert a submitted response with its answers, mark the code used, touch the period.

    `vector` is the response's packed answer vector (vectors.pack_for); `today` is what the
    code keeps of the moment. Returns the new response id, or None (and writes nothing) when
    the household already has a response. `then_commit`: the caller commits as soon as this
    succeeds and has nothing else to write, so on PostgreSQL the statement may commit itself
    when no transaction is open yet.
    """
    response_id = random_id()
    head = (response_id, survey_id, period_id, key, building_id, channel, vector,
            signals.duration_seconds, signals.device_group, signals.entered_by_id)
    with _cursor(autocommit=then_commit) as (cursor, sqlite):
        if not sqlite:
            return _insert_submitted_pg(cursor, head, period_id, code_id, answers, today)
        cursor.execute(_sql(_INSERT_RESPONSE, True), head)
        if not cursor.fetchall():
            return None
        cursor.executemany(_sql(_INSERT_ANSWERS, True), _answer_rows(response_id, answers))
        if code_id is not None:
            cursor.execute(_sql(_CODE_USED, True), (_day_param(today, True), code_id))
        cursor.execute(_sql(_TOUCH_PERIOD, True), (period_id,))
    return response_id


def _insert_submitted_pg(cursor, head, period_id, code_id, answers, today) -> int | None:
    # allow_nan=False: parsed numbers are finite; anything else must fail loudly
    rows = json.dumps([{"id": random_id(), "item_id": item_id, "value": a.value,
                        "text": a.text, "is_na": a.is_na}
                       for item_id, a in answers.items()], ensure_ascii=False, allow_nan=False)
    cursor.execute(_PG_SUBMIT, head + (period_id, today, code_id, rows))
    row = cursor.fetchone()
    return row[0] if row else None


def _answer_rows(response_id: int, answers: dict[str, Parsed]) -> list[tuple]:
    return [(random_id(), response_id, item_id, a.value, a.text, a.is_na)
            for item_id, a in answers.items()]


def insert_answers(response_id: int, answers: dict[str, Parsed]) -> None:
    """Insert a response's answers with one driver-level executemany (the page-by-page path:
    SQLAlchemy's per-row parameter processing for 28 rows cost more than the insert)."""
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    connection.exec_driver_sql(_sql(_INSERT_ANSWERS, sqlite), _answer_rows(response_id, answers))


def mark_used_and_touch(code_id: int | None, period_id: int, today: date) -> None:
    """After a submission by another path: the printed code is used, the period changed."""
    with _cursor() as (cursor, sqlite):
        if code_id is not None:
            cursor.execute(_sql(_CODE_USED, sqlite), (_day_param(today, sqlite), code_id))
        cursor.execute(_sql(_TOUCH_PERIOD, sqlite), (period_id,))
