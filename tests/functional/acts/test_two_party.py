"""Issue 14 item 2: closing, publishing and reopening are proposed by one party and confirmed
by the other from their own account, after a preview of exactly what owners will see."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.acts.models import ActProposal
from survey_app.extensions import db
from survey_app.publishing.models import Publication
from survey_app.results.models import PeriodRecord
from tests.fixtures.acts import confirm, latest_proposal, preview_hash, propose, two_party


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_company_proposes_close_committee_confirms_with_both_names(as_role, users, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close", proposer="staff", confirmer="committee")
    db.session.refresh(q3)
    assert q3.status == "closed"
    record = db.session.scalar(select(PeriodRecord))
    assert record.revision == 1 and record.proposed_by_id == users["staff"].id
    assert record.confirmed_by_id == users["committee"].id
    proposal = two_party(as_role, q3, "publish", proposer="committee", confirmer="staff",
                         note="欢迎监督")
    publication = db.session.scalar(select(Publication))
    assert publication.proposal_id == proposal.id and publication.record_id == record.id
    html = as_role("assessor").get(f"/notice/{q3.community_id}").get_data(as_text=True)
    for name in (users["staff"].display_name or "staff",
                 users["committee"].display_name or "committee"):
        assert name in html
    assert "提议" in html and "确认" in html and "业委会" in html and "物业" in html


def test_the_committee_may_propose_and_the_same_party_cannot_confirm(as_role, quarters):
    q3, _q4 = quarters
    committee = as_role("committee")
    assert propose(committee, q3, "close").status_code == 302
    proposal = latest_proposal(q3)
    response = confirm(committee, proposal, hash_="0" * 64, follow=True)
    assert "需由另一方确认" in response.get_data(as_text=True)
    db.session.refresh(q3)
    assert q3.status == "open" and _count(PeriodRecord) == 0
    assert latest_proposal(q3).status == "pending"
    # a second committee account is the same party, too
    from survey_app.auth.services import create_user
    from tests.fixtures.factories import PASSWORD, login

    create_user("committee2", PASSWORD, "committee", [q3.community_id])
    db.session.commit()
    committee.post("/logout")
    login(committee, "committee2")
    page = committee.get(f"/acts/{q3.community_id}/proposals/{proposal.id}").get_data(
        as_text=True)
    assert "需由另一方确认" in page and 'name="preview_hash"' not in page
    from survey_app.acts import previews

    response = confirm(committee, proposal, hash_=previews.build(proposal).hash, follow=True)
    assert "需由另一方确认" in response.get_data(as_text=True)
    assert latest_proposal(q3).status == "pending"


def test_admin_is_neither_party(as_role, quarters):
    q3, _q4 = quarters
    response = propose(as_role("admin"), q3, "close")
    assert response.status_code == 400
    assert "不代表任何一方" in response.get_data(as_text=True)
    assert _count(ActProposal) == 0
    propose(as_role("staff"), q3, "close")
    response = confirm(as_role("admin"), latest_proposal(q3), hash_="0" * 64, follow=True)
    assert "不代表任何一方" in response.get_data(as_text=True)
    assert latest_proposal(q3).status == "pending"


def test_confirming_without_the_preview_is_refused(as_role, quarters):
    q3, _q4 = quarters
    propose(as_role("staff"), q3, "close")
    proposal = latest_proposal(q3)
    committee = as_role("committee")
    response = committee.post(f"/acts/{q3.community_id}/proposals/{proposal.id}/confirm",
                              data={}, follow_redirects=True)
    assert "请先查看预览" in response.get_data(as_text=True)
    response = confirm(committee, proposal, hash_="f" * 64, follow=True)
    assert "预览" in response.get_data(as_text=True)
    db.session.refresh(q3)
    assert q3.status == "open" and _count(PeriodRecord) == 0
    assert latest_proposal(q3).status == "pending"


def test_numbers_that_move_after_the_preview_are_not_confirmed(as_role, quarters):
    from tests.fixtures.owners import add_responses, respondent

    q3, _q4 = quarters
    propose(as_role("staff"), q3, "close")
    proposal = latest_proposal(q3)
    committee = as_role("committee")
    seen = preview_hash(committee, proposal)
    add_responses(q3, [respondent(dict.fromkeys(("cleaning", "greening"), 1), "1号楼", 1)])
    db.session.commit()
    response = confirm(committee, proposal, hash_=seen, follow=True)
    assert "预览之后" in response.get_data(as_text=True)
    db.session.refresh(q3)
    assert q3.status == "open" and _count(PeriodRecord) == 0
    confirm(committee, proposal)  # a fresh preview confirms
    db.session.refresh(q3)
    assert q3.status == "closed" and _count(PeriodRecord) == 1


def test_the_preview_shows_the_notice_as_owners_will_see_it(as_role, users, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    propose(as_role("staff"), q3, "publish", note="请业主监督")
    proposal = latest_proposal(q3)
    page = as_role("committee").get(f"/acts/{q3.community_id}/proposals/{proposal.id}")
    html = page.get_data(as_text=True)
    assert 'class="card notice preview"' in html and "请业主监督" in html
    score = db.session.scalar(select(PeriodRecord)).result["composite"]["score"]
    assert f"{score:.1f}" in html and "清洁卫生" in html
    assert _count(Publication) == 0  # a preview publishes nothing


def test_withdrawn_or_confirmed_proposals_cannot_be_confirmed(as_role, quarters):
    q3, _q4 = quarters
    propose(as_role("staff"), q3, "close")
    proposal = latest_proposal(q3)
    committee = as_role("committee")
    seen = preview_hash(committee, proposal)
    staff = as_role("staff")
    assert staff.post(f"/acts/{q3.community_id}/proposals/{proposal.id}/withdraw"
                      ).status_code == 302
    response = confirm(as_role("committee"), proposal, hash_=seen, follow=True)
    assert "已撤回" in response.get_data(as_text=True)
    db.session.refresh(q3)
    assert q3.status == "open"

    proposal = two_party(as_role, q3, "close")
    response = confirm(as_role("committee"), proposal, hash_=seen, follow=True)
    assert "已确认" in response.get_data(as_text=True)
    assert _count(PeriodRecord) == 1


def test_a_reopen_needs_a_reason(as_role, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    response = propose(as_role("committee"), q3, "reopen", reason="   ")
    assert response.status_code == 400
    assert "原因" in response.get_data(as_text=True)
    assert _count(ActProposal) == 1  # only the confirmed close


def test_one_pending_proposal_at_a_time(as_role, quarters):
    q3, _q4 = quarters
    assert propose(as_role("staff"), q3, "close").status_code == 302
    response = propose(as_role("committee"), q3, "close")
    assert response.status_code == 400
    assert "待确认" in response.get_data(as_text=True)


def test_the_period_page_no_longer_closes_with_one_click(as_role, quarters):
    q3, _q4 = quarters
    url = f"/communities/{q3.community_id}/periods/{q3.id}/status"
    as_role("staff").post(url, data={"status": "closed"})
    db.session.refresh(q3)
    assert q3.status == "open"
