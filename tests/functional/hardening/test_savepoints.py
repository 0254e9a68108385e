"""Class 8: a failed save leaves nothing behind, on SQLite as on PostgreSQL.

pysqlite does not begin a transaction before a SAVEPOINT, so a savepoint that was the first
write of a request started SQLite's transaction itself and its RELEASE committed it: a text
file posted as the photo of a never-scored inspection item got a 400, yet the item stayed
committed as "not applicable" (counted as scored, dropped from the score). The engine now
opens a real transaction before any savepoint (survey_app/extensions.py); every
``begin_nested`` (inspection item rows, the result cache, the ledger, a proposal of a
two-party act) relies on it.
"""

from __future__ import annotations

import io

from sqlalchemy import func, select, text

from survey_app.extensions import db
from survey_app.inspections.models import ItemScore
from tests.fixtures.database import table_counts


def test_a_bad_photo_on_a_never_scored_item_saves_nothing(as_role, inspection):
    client = as_role("committee")
    before = table_counts()
    response = client.post(
        f"/inspections/c/{inspection.community_id}/{inspection.id}/items/cl1",
        data={"cl1-mode": "points", "cl1-points": "3",
              "cl1-photos": (io.BytesIO(b"just some text, not a photo"), "note.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ItemScore.id))) == 0
    assert table_counts() == before


def test_a_savepoint_never_commits_the_outer_transaction(app):
    """The mechanism itself: roll back after a released savepoint, nothing stays."""
    from survey_app.communities.models import Community

    before = db.session.scalar(select(func.count(Community.id)))
    db.session.commit()
    with db.session.begin_nested():
        db.session.add(Community(name="临时小区", code="tmp-savepoint"))
    db.session.rollback()
    assert db.session.scalar(select(func.count(Community.id))) == before


def test_reads_before_the_savepoint_are_fine(app):
    from survey_app.communities.models import Community

    db.session.execute(text("SELECT 1"))
    with db.session.begin_nested():
        db.session.add(Community(name="临时小区", code="tmp-savepoint2"))
    db.session.commit()
    assert db.session.scalar(select(func.count(Community.id)).filter_by(code="tmp-savepoint2")) == 1


def test_every_savepoint_in_the_code_is_known():
    """A new begin_nested must be checked for this class too: list them here."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[3] / "survey_app"
    found = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if "begin_nested" in p.read_text(encoding="utf-8"))
    # offline_keys.py: claiming an offline save's idempotency key (a race on the unique key
    # answers 409; the request's own transaction is opened before the savepoint);
    # acts/checklists.py: a joint checklist's proposal (a race answers the conflict message);
    # publishing/pdfs.py: a notice PDF and its ledger entry kept together on the worker (a
    # second run of the job meets the unique publication_id and keeps nothing);
    # results/schemes.py: storing the default scheme on a new installation (two first
    # requests at once: the loser meets the unique revision and reads the winner's)
    assert found == ["acts/checklists.py", "acts/services.py", "inspections/scoring.py",
                     "ledger/services.py", "offline_keys.py", "publishing/pdfs.py",
                     "results/schemes.py", "results/services.py"], found
