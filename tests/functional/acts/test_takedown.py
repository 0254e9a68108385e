"""Taking a notice down is a two-party act like publishing it (DESIGN §3): the company alone
cannot take an unwelcome result off the board; the other party previews and confirms."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.audit import AuditLog
from survey_app.extensions import db
from survey_app.publishing.models import Publication
from tests.fixtures.acts import confirm, latest_proposal, preview_hash, propose, two_party


def _published(as_role, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish", proposer="committee", confirmer="staff")
    return q3, db.session.scalar(select(Publication))


def _board(client, period) -> str:
    return client.get(f"/notice/{period.community_id}").get_data(as_text=True)


def test_the_company_alone_cannot_take_the_notice_down(client, as_role, quarters):
    period, publication = _published(as_role, quarters)
    staff = as_role("staff")
    url = f"/notice/{period.community_id}/withdraw/{publication.id}"
    page = staff.get(url).get_data(as_text=True)
    assert "另一方" in page  # the page says it needs the other party
    response = staff.post(url, data={"reason": "数据需核对"})
    assert response.status_code == 302 and f"/acts/{period.community_id}/" in response.location
    db.session.expire_all()
    assert publication.withdrawn_at is None  # still on the board
    assert period.status == "published"
    assert "2026-Q3" in _board(client, period)
    proposal = latest_proposal(period)
    assert (proposal.kind, proposal.reason, proposal.proposer_party) == (
        "unpublish", "数据需核对", "company")
    # the proposer cannot confirm its own take-down, not even with the preview's hash
    seen = preview_hash(as_role("committee"), proposal)
    response = confirm(as_role("staff"), proposal, seen, follow=True)
    assert "另一方" in response.get_data(as_text=True)
    db.session.expire_all()
    assert proposal.status == "pending" and publication.withdrawn_at is None
    # an administrator speaks for neither party
    confirm(as_role("admin"), proposal, seen)
    db.session.expire_all()
    assert proposal.status == "pending" and publication.withdrawn_at is None

def test_the_committee_previews_the_notice_and_the_reason_then_confirms(
        client, as_role, users, quarters):
    period, publication = _published(as_role, quarters)
    as_role("staff").post(f"/notice/{period.community_id}/withdraw/{publication.id}",
                          data={"reason": "补录纸质问卷后重新公示"})
    proposal = latest_proposal(period)
    committee = as_role("committee")
    inbox = committee.get("/notifications/").get_data(as_text=True)
    assert "撤下" in inbox and "2026-Q3" in inbox  # the other party is told
    page = committee.get(f"/acts/{period.community_id}/proposals/{proposal.id}")
    html = page.get_data(as_text=True)
    assert "补录纸质问卷后重新公示" in html and f"{publication.summary['composite']:.1f}" in html
    assert confirm(committee, proposal).status_code == 302
    db.session.expire_all()
    assert publication.withdrawn_at is not None
    assert publication.withdraw_reason == "补录纸质问卷后重新公示"
    assert publication.withdrawn_by_id == users["committee"].id
    assert period.status == "closed"
    committee.post("/logout")
    assert "2026-Q3" not in _board(client, period)
    history = client.get(f"/notice/{period.community_id}/periods/{period.id}/history")
    html = history.get_data(as_text=True)
    assert "补录纸质问卷后重新公示" in html
    assert "sha256" in html  # a printed copy can still be recognised
    assert f'/publications/{publication.id}.pdf"' not in html  # but it is no longer offered
    logged = db.session.scalars(select(AuditLog.action)).all()
    assert "act.confirm" in logged and "notice.withdraw" in logged


def test_a_take_down_needs_a_reason_and_a_published_period(as_role, quarters):
    q3, q4 = quarters
    staff = as_role("staff")
    response = propose(staff, q4, "unpublish", takedown_reason="理由")
    assert response.status_code == 400  # q4 is open: there is no notice
    assert "只有已公示的测评期" in response.get_data(as_text=True)
    period, publication = _published(as_role, quarters)
    response = staff.post(f"/notice/{period.community_id}/withdraw/{publication.id}",
                          data={"reason": "  "})
    assert response.status_code == 400 and 'class="error' in response.get_data(as_text=True)
    assert latest_proposal(period).kind == "publish"  # nothing proposed
    response = propose(staff, period, "unpublish", takedown_reason="")
    assert response.status_code == 400
    assert "撤下" in response.get_data(as_text=True)
    assert latest_proposal(period).kind == "publish"
