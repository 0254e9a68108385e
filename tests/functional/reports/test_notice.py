"""Notice board (公示): publication by two parties, public reading, withdrawal."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.publishing.models import Publication
from tests.fixtures.acts import latest_proposal, propose, take_down, two_party


def test_publish_show_publicly_and_withdraw(client, as_role, scored, results):
    two_party(as_role, scored, "publish", proposer="committee", confirmer="staff",
              note="欢迎业主监督")
    publication = db.session.scalar(select(Publication))
    assert publication.summary["composite"] == results[scored.id]["composite"]["score"]
    db.session.refresh(scored)
    assert scored.status == "published"

    client.post("/logout")
    page = client.get(f"/notice/{scored.community_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2026-Q4" in html and "欢迎业主监督" in html
    assert f"{results[scored.id]['composite']['score']:.1f}" in html
    assert "测试小区" in client.get("/notice/").get_data(as_text=True)

    staff = as_role("staff")
    url = f"/notice/{scored.community_id}/withdraw/{publication.id}"
    assert staff.post(url, data={"reason": ""}).status_code == 400
    take_down(as_role, publication, "数据有误，重新核对")
    db.session.refresh(publication)
    assert publication.withdrawn_at is not None
    db.session.refresh(scored)
    assert scored.status == "closed"
    as_role("committee").post("/logout")
    assert "2026-Q4" not in client.get(f"/notice/{scored.community_id}").get_data(as_text=True)


def test_publishing_twice_is_refused(as_role, scored):
    two_party(as_role, scored, "publish")
    response = propose(as_role("committee"), scored, "publish")
    assert response.status_code == 400
    assert "只有已结束的测评期" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Publication)).all()) == 1


def test_assessor_and_anonymous_cannot_publish(client, as_role, scored):
    url = f"/acts/{scored.community_id}/{scored.id}/propose/publish"
    assert client.post(url).status_code == 302  # to the login page
    assert as_role("assessor").post(url).status_code == 403
    assert db.session.scalar(select(Publication)) is None
    assert latest_proposal(scored) is None


def test_notice_board_is_phone_sized(client, scored):
    html = client.get(f"/notice/{scored.community_id}").get_data(as_text=True)
    assert 'name="viewport"' in html and "reports.css" in html


def test_only_a_closed_period_can_be_published(as_role, community, results):
    from tests.fixtures import sample
    from tests.fixtures.factories import make_period

    period = make_period(community, label="2026-Q4", status="open")
    db.session.commit()
    results[period.id] = sample.period_result().to_dict()
    staff = as_role("staff")
    page = staff.get(f"/results/{community.id}/{period.id}").get_data(as_text=True)
    assert "只有已结束的测评期" in page
    response = propose(staff, period, "publish")
    assert response.status_code == 400
    assert "只有已结束的测评期" in response.get_data(as_text=True)
    assert db.session.scalar(select(Publication)) is None
    assert latest_proposal(period) is None
    db.session.refresh(period)
    assert period.status == "open"


def test_republish_after_withdrawal(as_role, scored):
    two_party(as_role, scored, "publish")
    first = db.session.scalar(select(Publication))
    take_down(as_role, first, "更正")
    two_party(as_role, scored, "publish", proposer="committee", confirmer="staff")
    db.session.refresh(scored)
    assert scored.status == "published"
    assert len(db.session.scalars(select(Publication)).all()) == 2
