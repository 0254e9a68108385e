"""Bad input: non-image and oversized photos, missing text, unknown codes, floods."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image
from sqlalchemy import func, select

from survey_app import create_app
from survey_app.extensions import db, limiter
from survey_app.feedback.models import Ticket


def _form(**extra):
    data = {"ticket_type": "repair", "category": "", "building_id": "0", "location": "",
            "description": "垃圾桶满了没人清理"}
    data.update(extra)
    return data


def _count() -> int:
    return db.session.scalar(select(func.count(Ticket.id)))


def test_a_non_image_photo_is_refused_and_nothing_saved(client, community):
    response = client.post(f"/feedback/{community.code}/new", data=_form(
        photo=(io.BytesIO(b"this is not an image at all"), "photo.jpg")),
        content_type="multipart/form-data")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "has-error" in text and "photo" in text.lower()
    assert _count() == 0


def test_an_oversized_photo_is_refused(app, client, community, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 20_000)
    noisy = io.BytesIO()
    Image.frombytes("RGB", (100, 100), random.Random(1).randbytes(30_000)).save(noisy, "PNG")
    assert len(noisy.getvalue()) > 20_000       # a real image, only too large
    response = client.post(f"/feedback/{community.code}/new", data=_form(
        photo=(io.BytesIO(noisy.getvalue()), "big.png")), content_type="multipart/form-data")
    assert response.status_code == 400
    assert "MB" in response.get_data(as_text=True)
    assert _count() == 0


def test_a_request_over_the_size_cap_gets_a_413_page(app, client, community, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    response = client.post(f"/feedback/{community.code}/new", data=_form(
        photo=(io.BytesIO(b"\xff" * 50_000), "huge.jpg")), content_type="multipart/form-data")
    assert response.status_code == 413
    assert _count() == 0


def test_missing_description_names_the_field(client, community):
    response = client.post(f"/feedback/{community.code}/new", data=_form(description=""))
    assert response.status_code == 400
    assert "has-error" in response.get_data(as_text=True)
    assert _count() == 0


def test_building_of_another_community_is_refused(client, community, other_community):
    building_id = other_community.buildings[0].id
    response = client.post(f"/feedback/{community.code}/new",
                           data=_form(building_id=str(building_id)))
    assert response.status_code == 400
    assert _count() == 0


def test_bad_phone_number_is_refused(client, community):
    response = client.post(f"/feedback/{community.code}/new",
                           data=_form(contact_phone="<script>"))
    assert response.status_code == 400 and _count() == 0


@pytest.mark.parametrize("code", ["ZZZZZZZZZZ", "abc", "%3Cscript%3E", "0000000000000000000"])
def test_unknown_tracking_code_gives_a_clear_404(client, community, code):
    response = client.get(f"/feedback/track/{code}")
    assert response.status_code == 404
    assert 'name="code"' in response.get_data(as_text=True)
    assert client.post(f"/feedback/track/{code}/rate", data={"rating": "5"}).status_code == 404
    assert client.get(f"/feedback/track/{code}/photos/1").status_code == 404


def test_unknown_community_code_gives_404(client):
    assert client.get("/feedback/no-such-place/new").status_code == 404
    assert client.get("/feedback/no-such-place/notice").status_code == 404


def test_rating_without_a_choice_is_refused(client, community, make_ticket):
    from datetime import datetime

    ticket = make_ticket(datetime(2026, 11, 2, 2, 0))
    response = client.post(f"/feedback/track/{ticket.tracking_code}/rate", data={})
    assert response.status_code == 400
    # not completed yet: a rating is refused with a message, nothing changes
    response = client.post(f"/feedback/track/{ticket.tracking_code}/rate", data={"rating": "5"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).callback_rating is None


def test_lookup_form_normalises_the_code(client, make_ticket):
    from datetime import datetime

    ticket = make_ticket(datetime(2026, 11, 2, 2, 0))
    typed = ticket.tracking_code[:5].lower() + "-" + ticket.tracking_code[5:].lower()
    response = client.post("/feedback/track", data={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/feedback/track/" + ticket.tracking_code)


@pytest.fixture
def limited_app(database_url, tmp_path, real_commits):
    """A fresh app with rate limiting on (the shared test app has it off); real commits."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                      "UPLOAD_DIR": str(tmp_path / "up"), "SERVER_NAME": "localhost"})
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.engine.dispose()


def test_a_flood_from_one_client_is_throttled(limited_app, community):
    client = limited_app.test_client()
    url = f"/feedback/{community.code}/new"
    codes = [client.post(url, data=_form(description=f"第{i}次：垃圾桶满了")).status_code
             for i in range(6)]
    assert codes == [302] * 5 + [429]
    page = client.post(url, data=_form())
    assert page.status_code == 429
    assert "/feedback/track" in page.get_data(as_text=True)    # the friendly feedback page
    # another client is not affected
    other = limited_app.test_client()
    assert other.post(url, data=_form(), environ_base={"REMOTE_ADDR": "10.0.0.9"}) \
        .status_code == 302
    assert _count() == 6
    # looking at a ticket is not limited
    assert client.get("/feedback/track").status_code == 200
