"""Issue 20: the offline walk-round's idempotent item saves and photo uploads (server side)."""

from __future__ import annotations

import io
import uuid

from PIL import Image
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.inspections.models import Inspection, ItemScore, OfflineSave
from survey_app.uploads import Photo
from tests.fixtures.factories import login


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 60)).save(out, "JPEG")
    return out.getvalue()


def url(inspection, item, what="offline") -> str:
    return f"/inspections/c/{inspection.community_id}/{inspection.id}/items/{item}/{what}"


def send(client, inspection, item, key=None, base=None, **values):
    body = {"key": key or str(uuid.uuid4()), "base": base, **values}
    return client.post(url(inspection, item), json=body)


def photo(client, inspection, item, key):
    return client.post(url(inspection, item, "offline-photo"), content_type="multipart/form-data",
                       data={"key": key, "photo": (io.BytesIO(jpeg()), "p.jpg")})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_retried_key_returns_the_first_answer_and_applies_once(client, inspection):
    login(client, "committee")
    key = str(uuid.uuid4())
    first = send(client, inspection, "cl1", key=key, mode="points", points=3)
    assert first.status_code == 200 and first.json["awarded"] == 3
    again = send(client, inspection, "cl1", key=key, mode="points", points=3)
    assert again.status_code == 200 and again.json == first.json
    assert count(ItemScore) == 1 and count(OfflineSave) == 1


def test_a_score_over_the_maximum_is_400_naming_the_field(client, inspection):
    login(client, "committee")
    response = send(client, inspection, "cl1", mode="points", points=9)
    assert response.status_code == 400
    assert "points" in response.json["errors"] and "4" in response.json["message"]
    assert count(ItemScore) == 0 and count(OfflineSave) == 0


def test_a_stale_base_is_409_with_both_values(client, inspection):
    login(client, "committee")
    saved = send(client, inspection, "cl1", mode="points", points=2).json
    # another participant saved over it meanwhile
    other = send(client, inspection, "cl1", base=saved["version"], mode="points", points=4)
    assert other.status_code == 200
    stale = send(client, inspection, "cl1", base=saved["version"], mode="points", points=1,
                 note="楼道有杂物")
    assert stale.status_code == 409 and stale.json["conflict"]
    assert stale.json["mine"]["points"] == 1 and stale.json["theirs"]["awarded"] == 4
    keep_mine = send(client, inspection, "cl1", base=stale.json["theirs"]["version"],
                     mode="points", points=1)
    assert keep_mine.status_code == 200 and keep_mine.json["awarded"] == 1


def test_a_locked_record_is_409_with_a_message(client, inspection):
    login(client, "committee")
    db.session.get(Inspection, inspection.id).status = "signed"
    db.session.commit()
    response = send(client, inspection, "cl1", mode="points", points=3)
    assert response.status_code == 409 and response.json["locked"]
    assert response.json["message"]


def test_photos_are_idempotent_too(client, inspection):
    login(client, "committee")
    send(client, inspection, "cl1", mode="points", points=3)
    key = str(uuid.uuid4())
    first = photo(client, inspection, "cl1", key)
    assert first.status_code == 200, first.json
    assert photo(client, inspection, "cl1", key).json == first.json
    assert count(Photo) == 1


def test_a_photo_before_its_score_is_refused(client, inspection):
    login(client, "committee")
    response = photo(client, inspection, "cl2", str(uuid.uuid4()))
    assert response.status_code == 400 and "photos" in response.json["errors"]


def test_a_missing_key_or_bad_type_names_the_field(client, inspection):
    login(client, "committee")
    response = client.post(url(inspection, "cl1"), json={"mode": "points", "points": 3})
    assert response.status_code == 400 and "key" in response.json["errors"]
    response = send(client, inspection, "cl1", mode="points", points="x")
    assert response.status_code == 400 and "points" in response.json["errors"]
    assert client.post(url(inspection, "cl1"), data="[1]",
                       content_type="application/json").status_code == 400


def test_a_signed_out_phone_gets_401_json_not_the_sign_in_page(client, inspection):
    response = send(client, inspection, "cl1", mode="points", points=3)
    assert response.status_code == 401 and response.json["login"]
    assert photo(client, inspection, "cl1", str(uuid.uuid4())).status_code == 401


def test_signing_out_clears_the_cached_pages(client, inspection):
    login(client, "committee")
    response = client.post("/logout")
    assert "cache" in response.headers["Clear-Site-Data"]
