"""The overview's rows follow the acts: close, publish, withdraw, reopen (two parties)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.oversight.models import OverviewRow
from survey_app.publishing.models import Publication
from survey_app.results import records
from tests.fixtures.acts import take_down, two_party
from tests.fixtures.factories import make_period
from tests.fixtures.owners import add_responses, uniform


def _row(period) -> OverviewRow | None:
    db.session.expire_all()
    return db.session.get(OverviewRow, period.id)


def test_rows_follow_close_publish_withdraw_and_reopen(as_role, users, community, org):
    period = make_period(community, status="open", start=date(2026, 10, 1))
    add_responses(period, [uniform(4), uniform(5), uniform(3)])
    db.session.commit()
    assert _row(period) is None

    two_party(as_role, period, "close")
    row = _row(period)
    record = records.current_record(period)
    assert row.status == "closed" and row.revision == record.revision == 1
    assert row.composite == record.result["composite"]["score"] and row.company_id == \
        org.company.id
    assert row.responses == 3 and row.published_at is None

    two_party(as_role, period, "publish", proposer="committee", confirmer="staff")
    row = _row(period)
    assert row.status == "published" and row.published_at is not None

    publication = db.session.scalar(select(Publication))
    take_down(as_role, publication)
    assert _row(period).status == "closed" and _row(period).published_at is None

    two_party(as_role, period, "reopen", reason="补录纸质问卷")
    assert _row(period) is None  # open again: no result of record to show
    two_party(as_role, period, "close")
    assert _row(period).revision == 2
