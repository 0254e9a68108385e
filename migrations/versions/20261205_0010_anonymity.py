"""anonymity by design: day-only code use, no response times, random keys; code holder;
integrity signals

Revision ID: 0010_anonymity
Revises: 0013_signatures
Create Date: 2026-12-05 13:30:00

survey_access_code.used_at (a time, equal to the response's submitted_at) becomes used_on,
the day only. survey_response loses started_at and submitted_at and gains duration_seconds,
device_group (salted hash of device and ten-minute window), entered_by_id (paper; no
foreign key, see models.py),
excluded_reason (committee) and draft_key (hash of the answering browser's draft secret).
Response and answer keys become random 63-bit numbers: existing rows are renumbered here,
and the answers follow their response through a mapping table. community.code_holder says
who may print slips (default: the committee). survey_device_salt holds one salt per day.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_anonymity"
down_revision = "0013_signatures"
branch_labels = None
depends_on = None

ANSWER_FK = "fk_survey_answer_response_id_survey_response"
# 62 random bits from two 31-bit draws (PostgreSQL's random() is a double), never 0
PG_RANDOM = "(floor(random() * 2147483647)::bigint * 2147483648 + " \
            "floor(random() * 2147483647)::bigint + 1)"
SQLITE_RANDOM = "((random() & 4611686018427387903) + 1)"


def upgrade():
    _codes_day_only()
    _response_columns()
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_holder", sa.String(length=10), nullable=False,
                                      server_default="committee"))
    op.create_table(
        "survey_device_salt",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_survey_device_salt")),
    )
    _random_keys()


def _codes_day_only():
    with op.batch_alter_table("survey_access_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("used_on", sa.Date(), nullable=True))
    day = "CAST(used_at AS DATE)" if op.get_bind().dialect.name != "sqlite" else "date(used_at)"
    op.execute(f"UPDATE survey_access_code SET used_on = {day} WHERE used_at IS NOT NULL")
    with op.batch_alter_table("survey_access_code", schema=None) as batch_op:
        batch_op.drop_column("used_at")


def _response_columns():
    # plain ADD/DROP COLUMN (native on SQLite >= 3.35): a batch copy would DROP the table, and
    # with foreign keys on, that DROP deletes every answer through ON DELETE CASCADE
    for column in (sa.Column("draft_key", sa.String(length=64), nullable=True),
                   sa.Column("duration_seconds", sa.Integer(), nullable=True),
                   sa.Column("device_group", sa.String(length=16), nullable=True),
                   sa.Column("entered_by_id", sa.Integer(), nullable=True),
                   sa.Column("excluded_reason", sa.Text(), nullable=True)):
        op.add_column("survey_response", column)
    op.drop_column("survey_response", "started_at")
    op.drop_column("survey_response", "submitted_at")


def _random_keys():
    """Widen the keys to 64 bits (PostgreSQL) and renumber every response and answer."""
    if op.get_bind().dialect.name == "sqlite":
        # INTEGER PRIMARY KEY already holds 64 bits; the foreign key is checked at commit
        op.execute("PRAGMA defer_foreign_keys = ON")
        _renumber(SQLITE_RANDOM)
        return
    op.drop_constraint(ANSWER_FK, "survey_answer", type_="foreignkey")
    for table, column in (("survey_response", "id"), ("survey_answer", "id"),
                          ("survey_answer", "response_id")):
        op.alter_column(table, column, type_=sa.BigInteger(), existing_nullable=False,
                        server_default=None)
    op.execute("DROP SEQUENCE IF EXISTS survey_response_id_seq CASCADE")
    op.execute("DROP SEQUENCE IF EXISTS survey_answer_id_seq CASCADE")
    _renumber(PG_RANDOM)
    op.create_foreign_key(ANSWER_FK, "survey_answer", "survey_response", ["response_id"],
                          ["id"], ondelete="CASCADE")


def _renumber(random_sql: str):
    op.execute("CREATE TEMPORARY TABLE response_key_map (old_id BIGINT PRIMARY KEY, "
               "new_id BIGINT NOT NULL UNIQUE)")
    op.execute(f"INSERT INTO response_key_map SELECT id, {random_sql} FROM survey_response")
    op.execute("UPDATE survey_answer SET response_id = (SELECT m.new_id FROM response_key_map m "
               "WHERE m.old_id = survey_answer.response_id)")
    op.execute("UPDATE survey_response SET id = (SELECT m.new_id FROM response_key_map m "
               "WHERE m.old_id = survey_response.id)")
    op.execute(f"UPDATE survey_answer SET id = {random_sql}")
    op.execute("DROP TABLE response_key_map")


def downgrade():
    # the random keys stay (on PostgreSQL BIGINT without a sequence: a downgraded app cannot
    # insert responses any more); times dropped by the upgrade cannot come back
    op.drop_table("survey_device_salt")
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.drop_column("code_holder")
    for column in ("excluded_reason", "entered_by_id", "device_group", "duration_seconds",
                   "draft_key"):
        op.drop_column("survey_response", column)
    op.add_column("survey_response", sa.Column("started_at", sa.DateTime(), nullable=False,
                                               server_default="2000-01-01 00:00:00"))
    op.add_column("survey_response", sa.Column("submitted_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("survey_access_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("used_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE survey_access_code SET used_at = used_on WHERE used_on IS NOT NULL")
    with op.batch_alter_table("survey_access_code", schema=None) as batch_op:
        batch_op.drop_column("used_on")
