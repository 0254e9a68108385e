"""Notice board (公示): explicit publication, public reading, withdrawal."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.publishing.models import Publication


def test_publish_show_publicly_and_withdraw(client, as_role, scored, results):
    staff = as_role("committee")
    response = staff.post(f"/results/{scored.community_id}/{scored.id}/publish",
                          data={"note": "欢迎业主监督"})
    assert response.status_code == 302
    publication = db.session.scalar(select(Publication))
    assert publication.summary["composite"] == results[scored.id]["composite"]["score"]
    db.session.refresh(scored)
    assert scored.status == "published"

    staff.post("/logout")
    page = client.get(f"/notice/{scored.community_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2026-Q4" in html and "欢迎业主监督" in html
    assert f"{results[scored.id]['composite']['score']:.1f}" in html
    assert "测试小区" in client.get("/notice/").get_data(as_text=True)

    staff = as_role("staff")
    url = f"/notice/{scored.community_id}/withdraw/{publication.id}"
    assert staff.post(url, data={"reason": ""}).status_code == 400
    assert staff.post(url, data={"reason": "数据有误，重新核对"}).status_code == 302
    db.session.refresh(publication)
    assert publication.withdrawn_at is not None
    db.session.refresh(scored)
    assert scored.status == "closed"
    staff.post("/logout")
    assert "2026-Q4" not in client.get(f"/notice/{scored.community_id}").get_data(as_text=True)


def test_publishing_twice_is_refused(as_role, scored):
    staff = as_role("staff")
    url = f"/results/{scored.community_id}/{scored.id}/publish"
    staff.post(url, data={})
    response = staff.post(url, data={}, follow_redirects=True)
    assert "已在公示栏" in response.get_data(as_text=True) or \
        "already on the notice board" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Publication)).all()) == 1


def test_assessor_and_anonymous_cannot_publish(client, as_role, scored):
    url = f"/results/{scored.community_id}/{scored.id}/publish"
    assert client.post(url).status_code == 302  # to the login page
    assert as_role("assessor").post(url).status_code == 403
    assert db.session.scalar(select(Publication)) is None


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
    assert "只有已结束的测评期" in page and 'action="/results/' not in page
    response = staff.post(f"/results/{community.id}/{period.id}/publish", data={},
                          follow_redirects=True)
    assert "只有已结束的测评期" in response.get_data(as_text=True)
    assert db.session.scalar(select(Publication)) is None
    db.session.refresh(period)
    assert period.status == "open"


def test_republish_after_withdrawal(as_role, scored):
    staff = as_role("staff")
    url = f"/results/{scored.community_id}/{scored.id}/publish"
    staff.post(url, data={})
    first = db.session.scalar(select(Publication))
    staff.post(f"/notice/{scored.community_id}/withdraw/{first.id}", data={"reason": "更正"})
    assert staff.post(url, data={}).status_code == 302
    db.session.refresh(scored)
    assert scored.status == "published"
    assert len(db.session.scalars(select(Publication)).all()) == 2
