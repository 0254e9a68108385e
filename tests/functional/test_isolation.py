"""Test isolation itself: a test's commits stay in its rolled-back transaction, unless it opts out."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.communities.models import Community
from survey_app.extensions import db
from tests.fixtures.factories import make_community


def _rows_seen_by_another_connection() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Community))


def test_a_commit_is_seen_by_the_test_but_never_reaches_the_database(client):
    make_community()
    db.session.commit()
    make_community(name="回滚小区", code="rolled")
    db.session.rollback()  # back to the savepoint: the first community stays
    assert db.session.scalar(select(func.count()).select_from(Community)) == 1
    assert client.get("/notice/").status_code == 200  # a request sees it, and commits
    assert _rows_seen_by_another_connection() == 0


@pytest.mark.usefixtures("real_commits")
def test_real_commits_reach_the_database():
    make_community()
    db.session.commit()
    assert _rows_seen_by_another_connection() == 1
