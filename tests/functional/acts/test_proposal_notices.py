"""A proposal waits for the other party: its members hear of it (inbox and their channels),
once, with a link to the preview; the proposing party is not told of its own act."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.notifications.models import Notification
from tests.fixtures.acts import latest_proposal, propose
from tests.fixtures.factories import PASSWORD


def _kinds(user) -> list[str]:
    return [n.kind for n in db.session.scalars(
        select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def test_the_other_party_hears_of_a_proposal_once(as_role, users, quarters):
    q3, _q4 = quarters
    clerk = create_user("site_staff", PASSWORD, "staff", [q3.community_id])
    db.session.commit()
    assert propose(as_role("staff"), q3, "close").status_code == 302
    proposal = latest_proposal(q3)
    assert _kinds(users["committee"]) == ["act.close"]
    assert _kinds(clerk) == [] and _kinds(users["staff"]) == []
    [notice] = db.session.scalars(select(Notification).filter_by(
        user_id=users["committee"].id))
    assert f"/acts/{q3.community_id}/proposals/{proposal.id}" in (notice.link or "")
    page = as_role("committee").get("/notifications/").get_data(as_text=True)
    assert "2026-Q3" in page and "待您确认" in page


def test_a_committee_proposal_reaches_the_company_accounts_of_the_community(as_role, users,
                                                                             quarters):
    q3, _q4 = quarters
    clerk = create_user("site_staff", PASSWORD, "staff", [q3.community_id])
    db.session.commit()
    assert propose(as_role("committee"), q3, "close").status_code == 302
    assert _kinds(clerk) == ["act.close"] and _kinds(users["committee"]) == []
