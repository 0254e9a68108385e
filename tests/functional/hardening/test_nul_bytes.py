"""Class 2: NUL and other control characters in any form or query value, or URL segment.

PostgreSQL text cannot hold a NUL (it was a 500 on the anonymous ticket form, scheduling an
inspection, assessor organisations and ticket notes). The request cleans every form and
query value once (survey_app/guards/params.py); survey answers use the same cleaning.
"""

from __future__ import annotations

from sqlalchemy import select

from survey_app.assessments.models import AssessorOrganisation
from survey_app.extensions import db
from survey_app.feedback.models import Ticket, TicketEvent
from survey_app.guards.text import clean_text
from survey_app.inspections.models import Inspection
from survey_app.surveys.models import Answer
from tests.fixtures.surveys import all_answers, codes_of

NASTY = "坏\x00字\x07符\x1b[31m\x0b\x0c\ufffe"


def test_clean_text_keeps_tabs_and_newlines():
    assert clean_text("a\tb\r\nc\x00\x01\x7f") == "a\tb\r\nc\x7f"
    assert clean_text(NASTY) == "坏字符[31m"


def test_anonymous_ticket_form(client, community):
    response = client.post(f"/feedback/{community.code}/new", data={
        "ticket_type": "repair", "building_id": "0", "category": "照\x00明",
        "location": "门\x00厅", "description": "灯\x00不亮" + NASTY})
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert ticket.description == "灯不亮坏字符[31m" and ticket.location == "门厅"


def test_scheduling_an_inspection(as_role, community, period, checklist_version):
    client = as_role("committee")
    response = client.post(f"/inspections/c/{community.id}/new", data={
        "kind": "quarterly", "inspection_date": "2026-11-10", "area": "1号楼\x00" + NASTY})
    assert response.status_code == 302
    assert db.session.scalar(select(Inspection.area)) == "1号楼坏字符[31m"


def test_assessor_organisations(as_role):
    client = as_role("admin")
    response = client.post("/assessments/organisations", data={
        "name": "评估\x00公司", "contact": "张\x00三", "phone": "139\x00", "qualification": NASTY})
    assert response.status_code == 302
    made = db.session.scalar(select(AssessorOrganisation))
    assert (made.name, made.contact, made.phone) == ("评估公司", "张三", "139")


def test_ticket_notes(as_role, client, community):
    client.post(f"/feedback/{community.code}/new", data={
        "ticket_type": "repair", "building_id": "0", "description": "门口的灯不亮了"})
    ticket = db.session.scalar(select(Ticket))
    staff = as_role("staff")
    response = staff.post(f"/feedback/{community.id}/tickets/{ticket.id}/note",
                          data={"note": "已\x00处理" + NASTY})
    assert response.status_code == 302
    notes = db.session.scalars(select(TicketEvent.note).where(TicketEvent.note.is_not(None)))
    assert "已处理坏字符[31m" in list(notes)


def test_survey_answers_use_the_same_cleaning(client, survey):
    from survey_app.surveys import services

    definition = services.definition_of(survey)
    code = codes_of(survey)[0]
    response = client.post(f"/c/{code}/all", data=all_answers(definition, comment="好\x00" + NASTY))
    assert response.status_code == 302
    assert db.session.scalar(select(Answer.text).filter_by(item_id="comment")) == "好坏字符[31m"


def test_control_characters_in_url_segments_and_queries(client, as_role, community, survey):
    for url in ("/c/%00abc", "/c/abc%07/all", "/s/%00", "/feedback/track/%00ZZ",
                f"/feedback/{community.code}%00/new"):
        assert client.get(url).status_code == 404, url
    staff = as_role("staff")
    for url in (f"/feedback/{community.id}/tickets?status=%00&dimension=%00&flag=%00",
                f"/inspections/c/{community.id}/?status=%00&dimension=a%00",
                f"/inspections/c/{community.id}/rectifications?status=%00&dimension=%00"):
        assert staff.get(url).status_code < 500, url
