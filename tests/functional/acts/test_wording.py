"""Issue 16 item 14 and 17: the dashboard leads staff and committee to the two-party acts and
says where the period stands; each confirm step says what confirming does; the two results
pages are named for what they show."""

from __future__ import annotations

from tests.fixtures.acts import latest_proposal, propose


def test_dashboard_leads_to_the_acts_and_names_the_pending_one(as_role, quarters):
    q3, _q4 = quarters
    committee = as_role("committee")
    page = committee.get(f"/results/{q3.community_id}/{q3.id}").get_data(as_text=True)
    assert f"/acts/{q3.community_id}/{q3.id}" in page and "关闭或公示（双方确认）" in page
    assert "本期尚未关闭" in page
    assert "各来源得分明细" in page and "结果概览" in page
    assert propose(as_role("staff"), q3, "close").status_code == 302
    proposal = latest_proposal(q3)
    page = as_role("committee").get(f"/results/{q3.community_id}/{q3.id}").get_data(as_text=True)
    assert "待确认" in page and f"/acts/{q3.community_id}/proposals/{proposal.id}" in page
    # the committee's preview says what confirming the close does
    preview = as_role("committee").get(
        f"/acts/{q3.community_id}/proposals/{proposal.id}").get_data(as_text=True)
    assert "确认后将发生" in preview and "正式结果" in preview and "台账" in preview
    # the proposer cannot confirm, so it is not told what confirming does
    own = as_role("staff").get(f"/acts/{q3.community_id}/proposals/{proposal.id}")
    assert "确认后将发生" not in own.get_data(as_text=True)


def test_score_details_page_names_itself_and_the_overview(as_role, quarters):
    q3, _q4 = quarters
    page = as_role("staff").get(f"/results/{q3.community_id}/periods/{q3.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "各来源得分明细" in html and f'href="/results/{q3.community_id}/{q3.id}"' in html
    assert "按当前数据计算" in html
    community = as_role("staff").get(f"/communities/{q3.community_id}").get_data(as_text=True)
    assert "各来源得分明细" in community and "结果概览" in community
