"""Who may do what: committee edits its own community, staff fix, others see nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections.models import Inspection, ItemScore
from survey_app.uploads import Photo
from tests.fixtures.factories import login, make_period


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (50, 50), "green").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def scored(as_role, inspection):
    client = as_role("committee")
    response = client.post(f"/inspections/c/{inspection.community_id}/{inspection.id}/items/cl1",
                           data={"cl1-mode": "deductions", "cl1-count": "3",
                                 "cl1-photos": (io.BytesIO(jpeg()), "x.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    return inspection


def urls(inspection):
    c, i = inspection.community_id, inspection.id
    photo = db.session.scalar(select(Photo))
    return {
        "archive": f"/inspections/c/{c}/",
        "record": f"/inspections/c/{c}/{i}",
        "pdf": f"/inspections/c/{c}/{i}/record.xlsx",
        "photo": f"/inspections/c/{c}/photos/{photo.id}",
        "rects": f"/inspections/c/{c}/rectifications",
        "walk": f"/inspections/c/{c}/{i}/walk",
    }


@pytest.mark.parametrize("role,readable,walk", [
    ("committee", True, True), ("staff", True, False), ("admin", True, True),
    ("assessor", False, False),
])
def test_reading_by_role(as_role, scored, role, readable, walk):
    client = as_role(role)
    for name, url in urls(scored).items():
        code = client.get(url).status_code
        if name == "walk":
            assert code == (200 if walk else 403), (role, name)
        else:
            assert code == (200 if readable else 403), (role, name, code)


def test_staff_never_change_scores(as_role, scored):
    client = as_role("staff")
    base = f"/inspections/c/{scored.community_id}/{scored.id}"
    assert client.post(f"{base}/items/cl1", data={"cl1-mode": "points",
                                                  "cl1-points": "4"}).status_code == 403
    assert client.post(f"{base}/correct", data={"reason": "x"}).status_code == 403
    assert client.post(f"{base}/participants", data={"name": "x",
                                                     "organisation": "company"}).status_code == 403
    assert db.session.scalar(select(ItemScore.awarded)) == 2.5


def test_anonymous_is_sent_to_login(client, scored):
    client.post("/logout")
    for url in urls(scored).values():
        response = client.get(url)
        assert response.status_code in (302, 401)
        assert "login" in response.headers.get("Location", "/login")


def test_other_communitys_committee_sees_nothing(app, client, scored, other_community):
    make_period(other_community)
    create_user("other_committee", "correct-horse-9", "committee", [other_community.id])
    db.session.commit()
    client.post("/logout")
    login(client, "other_committee")
    for name, url in urls(scored).items():
        assert client.get(url).status_code == 403, name
    # asking through their own community's URL does not reveal another community's objects
    c, i = other_community.id, scored.id
    photo = db.session.scalar(select(Photo))
    assert client.get(f"/inspections/c/{c}/{i}").status_code == 404
    assert client.get(f"/inspections/c/{c}/photos/{photo.id}").status_code == 404
    assert client.post(f"/inspections/c/{c}/{i}/items/cl1",
                       data={"cl1-mode": "na"}).status_code == 404
    assert client.post(f"/inspections/c/{c}/new", data={
        "kind": "adhoc", "inspection_date": date(2026, 11, 20).isoformat()}).status_code == 302
    assert {x.community_id for x in db.session.scalars(select(Inspection))} == {
        scored.community_id, other_community.id}
