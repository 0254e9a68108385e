"""tamper-evident ledger of acts of record; PDFs kept as published

Revision ID: 0014_ledger
Revises: 0011_cells_tokens
Create Date: 2026-12-05 13:30:00

ledger_entry: the hash chain (issue 14, item 4). seq and prev_hash are unique, so two
simultaneous appends cannot take the same place and the chain cannot fork; entry_hash is
unique too. actor_id has no foreign key on purpose: deleting an account must not rewrite
(SET NULL) a ledger row, which would break the chain. Rows are never updated or deleted by
the app (models_base.freeze and a before_flush guard in ledger/models.py).

published_pdf: the Chinese PDF report kept with each publication (file under
REPORTS_DIR/published, named by its sha256) and its sha256, for the notice board's
download and the public check page /verify. Existing publications have none; new ones get
theirs when published.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_ledger"
down_revision = "0011_cells_tokens"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ledger_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("act", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entry")),
        sa.UniqueConstraint("seq", name=op.f("uq_ledger_entry_seq")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_ledger_entry_prev_hash")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_ledger_entry_entry_hash")),
    )
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_entry_act"), ["act"], unique=False)
    op.create_table(
        "published_pdf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"],
                                name=op.f("fk_published_pdf_publication_id_publication"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_pdf")),
        sa.UniqueConstraint("publication_id", name=op.f("uq_published_pdf_publication_id")),
    )
    with op.batch_alter_table("published_pdf", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_published_pdf_sha256"), ["sha256"], unique=False)


def downgrade():
    with op.batch_alter_table("published_pdf", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_pdf_sha256"))
    op.drop_table("published_pdf")
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entry_act"))
    op.drop_table("ledger_entry")
