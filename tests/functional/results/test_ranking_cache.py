"""The ranking page keeps what it computed: a second GET reads the result cache."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event, func, select

from survey_app.extensions import db
from survey_app.results.models import ResultCache
from tests.fixtures.factories import make_period
from tests.fixtures.owners import add_responses, uniform


@contextmanager
def counted():
    """Count the SQL statements sent while the block runs."""
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _closed_periods(community):
    for label, start, end, value in (("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), 3),
                                     ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), 4)):
        period = make_period(community, label=label, start=start, end=end, status="open")
        add_responses(period, [uniform(value, "1号楼"), uniform(value + 1, "2号楼"),
                               uniform(value, "1号楼")])
        period.status = "closed"


def test_second_get_of_the_ranking_reads_the_cache(as_role, community, other_community):
    _closed_periods(community)
    _closed_periods(other_community)
    db.session.commit()
    client = as_role("staff")
    with counted() as first:
        assert client.get("/results/ranking").status_code == 200
    db.session.rollback()  # drops whatever the request left uncommitted
    assert db.session.scalar(select(func.count()).select_from(ResultCache)) >= 4
    with counted() as second:
        html = client.get("/results/ranking").get_data(as_text=True)
    assert "别的小区" in html and "测试小区" in html
    assert len(second) < len(first) / 2, (len(first), len(second))
