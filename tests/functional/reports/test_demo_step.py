"""The publishing demo step puts the demo's published quarters on the notice board."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.demo import DemoContext
from survey_app.extensions import db
from survey_app.publishing import demo
from survey_app.publishing.models import Publication


def test_published_quarters_are_on_the_board(client, scored, users, results):
    old = next(p for p in scored.community.periods if p.label == "2026-Q3")
    old.status = "published"
    db.session.commit()
    message = demo.seed(DemoContext(scored.community, list(scored.community.periods), users))
    db.session.commit()
    assert "2026-Q3" in message
    publication = db.session.scalar(select(Publication))
    assert publication.period_id == old.id and publication.published_at.date() > old.end_date
    assert publication.summary["composite"] == results[old.id]["composite"]["score"]
    html = client.get(f"/notice/{scored.community_id}").get_data(as_text=True)
    assert "2026-Q3" in html and "2026-Q4" not in html
