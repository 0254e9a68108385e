"""The short tracking code works over the phone (issue 17 item 4): no look-alike characters,
groups to read out (3-3, 3-3-4), read back in any case with or without separators, and the
staff's look-up box for phone calls (staff only)."""

from __future__ import annotations

from datetime import datetime

import pytest

from survey_app.feedback import codes
from survey_app.feedback.services import new_tracking_code
from survey_app.models_base import utcnow

RECEIVED = datetime(2026, 11, 20, 1, 0)


def _messy(code: str) -> str:
    """The code as typed during a call: groups, dashes, lower case."""
    spoken = codes.spoken_code(code)
    return spoken.replace(" ", " - ", 1).lower()


def test_codes_avoid_look_alikes_and_are_grouped_for_reading_aloud(app):
    seen = {new_tracking_code() for _ in range(200)} | {new_tracking_code(True)
                                                        for _ in range(200)}
    assert not set("".join(seen)) & set("0O1IL")
    assert codes.spoken_code("3K7M9QXFKD") == "3K7 M9Q XFKD"
    assert codes.spoken_code("3K7M9Q") == "3K7 M9Q"


@pytest.mark.parametrize("typed", ["3k7 m9q xfkd", "3K7-M9Q-XFKD", " 3k7m9qxfkd ",
                                   "３Ｋ７－Ｍ９Ｑ－ＸＦＫＤ", "3K7.M9Q/XFKD"])
def test_read_back_in_any_case_with_or_without_separators(app, typed):
    assert codes.normalise_code(typed) == "3K7M9QXFKD"


def test_the_owner_tracking_page_accepts_the_code_as_read_out(client, community, make_ticket):
    ticket = make_ticket(utcnow())
    response = client.get(f"/feedback/track/{_messy(ticket.tracking_code)}")
    assert response.status_code == 200
    assert codes.spoken_code(ticket.tracking_code) in response.get_data(as_text=True)


def test_staff_open_a_ticket_from_the_code_read_out_on_the_phone(as_role, community, users,
                                                                  make_ticket):
    ticket = make_ticket(RECEIVED, channel="hotline", staff=users["staff"])
    staff = as_role("staff")
    queue = staff.get(f"/feedback/{community.id}/tickets").get_data(as_text=True)
    assert 'action="/feedback/lookup"' in queue
    found = staff.get("/feedback/lookup", query_string={"code": _messy(ticket.tracking_code)})
    assert found.status_code == 302
    assert found.headers["Location"].endswith(f"/feedback/{community.id}/tickets/{ticket.id}")
    page = staff.get(found.headers["Location"]).get_data(as_text=True)
    assert codes.spoken_code(ticket.tracking_code) in page and "门口的灯不亮了" in page


@pytest.mark.parametrize("typed, words", [
    ("", "查询码"),
    ("3K7 M9Q X", "6"),
    ("3KO M9Q", "0、O、1、I"),
    ("ZZZ ZZZ", "ZZZZZZ"),
])
def test_bad_or_unknown_codes_get_a_message_beside_the_field(as_role, users, typed, words):
    answer = as_role("staff").get("/feedback/lookup", query_string={"code": typed})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "has-error" in page and words in page


def test_only_staff_and_only_their_communities(as_role, client, community, other_community,
                                               users, make_ticket):
    from survey_app.auth.services import create_user
    from survey_app.extensions import db
    from tests.fixtures.factories import PASSWORD

    ticket = make_ticket(RECEIVED)
    url = f"/feedback/lookup?code={ticket.tracking_code}"
    assert client.get(url).status_code == 302  # to the sign-in page
    assert as_role("committee").get(url).status_code == 403
    create_user("staff_other", PASSWORD, "staff", [other_community.id])
    db.session.commit()
    elsewhere = as_role("staff_other").get(url)
    assert elsewhere.status_code == 400  # the same answer as for a code nobody has
    assert ticket.description not in elsewhere.get_data(as_text=True)
