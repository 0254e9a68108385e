"""Who sees what: the committee sees statistics only, never owner identities or contacts."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.fixtures.factories import login


@pytest.fixture
def ticket(make_ticket):
    return make_ticket(datetime(2026, 11, 2, 2, 0), contact_name="王阿姨",
                       contact_phone="13700009999", description="楼道灯坏了好几天")


def test_committee_sees_statistics_without_identities(community, ticket, as_role, period):
    committee = as_role("committee")
    page = committee.get(f"/feedback/{community.id}/stats")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for secret in ("王阿姨", "13700009999", "楼道灯坏了好几天", ticket.tracking_code):
        assert secret not in text
    assert committee.get(f"/feedback/{community.id}/periods/{period.id}/kpi").status_code == 200


@pytest.mark.parametrize("path", ["/tickets", "/tickets/{id}", "/tickets/new", "/sla", "/qr"])
def test_committee_cannot_open_the_handling_pages(community, ticket, as_role, path):
    committee = as_role("committee")
    assert committee.get(f"/feedback/{community.id}" + path.format(id=ticket.id)) \
        .status_code == 403
    assert committee.post(f"/feedback/{community.id}/tickets/{ticket.id}/classify",
                          data={}).status_code == 403


def test_assessor_and_strangers_are_kept_out(community, other_community, ticket, as_role,
                                             client):
    assert client.get(f"/feedback/{community.id}/tickets").status_code == 302
    assessor = as_role("assessor")
    assert assessor.get(f"/feedback/{community.id}/stats").status_code == 403
    committee = as_role("committee")
    assert committee.get(f"/feedback/{other_community.id}/stats").status_code == 403


def test_ticket_of_another_community_is_not_found(community, other_community, ticket, as_role):
    staff = as_role("staff")
    assert staff.get(f"/feedback/{other_community.id}/tickets/{ticket.id}").status_code == 404


def test_staff_sees_contact_details(community, ticket, as_role):
    page = as_role("staff").get(f"/feedback/{community.id}/tickets/{ticket.id}")
    assert "13700009999" in page.get_data(as_text=True)


def test_index_lists_the_users_communities(community, other_community, users, client):
    login(client, "committee")
    text = client.get("/feedback/").get_data(as_text=True)
    assert community.name in text and other_community.name not in text


def test_qr_poster_holds_the_report_link(community, as_role):
    page = as_role("staff").get(f"/feedback/{community.id}/qr")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<svg" in text and f"/feedback/{community.code}/new" in text
