"""Issue 20: a third-party sheet's offline saves (idempotent item saves, photos, conflicts,
locks) and the periodic purge of old idempotency keys, through the test client."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta

from PIL import Image
from sqlalchemy import func, select

from survey_app.assessments import offline
from survey_app.assessments.models import SheetOfflineSave, SheetPhoto, SheetScore
from survey_app.extensions import db


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (60, 160, 60)).save(out, "JPEG")
    return out.getvalue()


def send(client, project, item, key=None, base=None, **values):
    body = {"key": key or str(uuid.uuid4()), "base": base, **values}
    return client.post(f"/assessments/{project.id}/sheet/items/{item}/offline", json=body)


def photo(client, project, item, key, data=None):
    return client.post(f"/assessments/{project.id}/sheet/items/{item}/offline-photo",
                       content_type="multipart/form-data",
                       data={"key": key, "photo": (io.BytesIO(data or jpeg()), "p.jpg")})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_retried_key_applies_once_and_returns_the_first_answer(make_project, sign_in):
    project = make_project()
    client = sign_in("assessor")
    key = str(uuid.uuid4())
    first = send(client, project, "c1", key=key, points=8, note="楼道干净")
    assert first.status_code == 200 and first.json["points"] == 8
    again = send(client, project, "c1", key=key, points=8, note="楼道干净")
    assert again.json == first.json
    assert count(SheetScore) == 1 and count(SheetOfflineSave) == 1
    na = send(client, project, "c2", na=True)
    assert na.status_code == 200 and na.json["na"] is True
    assert db.session.scalar(select(SheetScore.points).filter_by(item_id="c2")) is None


def test_bad_values_are_400_naming_the_field_and_save_nothing(make_project, sign_in):
    project = make_project()
    client = sign_in("assessor")
    over = send(client, project, "c1", points=11)
    assert over.status_code == 400 and "points" in over.json["errors"]
    assert "10" in over.json["message"]
    assert send(client, project, "c1", points="八").json["errors"]["points"]
    assert send(client, project, "c1", points=3, note="x" * 2001).json["errors"]["note"]
    assert client.post(f"/assessments/{project.id}/sheet/items/c1/offline",
                       data="[]", content_type="application/json").status_code == 400
    assert send(client, project, "nope", points=1).status_code == 404
    assert count(SheetScore) == 0 and count(SheetOfflineSave) == 0


def test_a_stale_base_is_409_with_both_values(make_project, sign_in):
    project = make_project()
    client = sign_in("assessor")
    saved = send(client, project, "c1", points=5).json
    assert send(client, project, "c1", base=saved["version"], points=7).status_code == 200
    stale = send(client, project, "c1", base=saved["version"], points=2)
    assert stale.status_code == 409 and stale.json["conflict"]
    assert stale.json["mine"]["points"] == 2 and stale.json["theirs"]["points"] == 7
    keep = send(client, project, "c1", base=stale.json["theirs"]["version"], points=2)
    assert keep.status_code == 200 and keep.json["points"] == 2


def test_a_submitted_sheet_is_locked_409(make_project, sign_in):
    project = make_project()
    client = sign_in("assessor")
    project.sheets[0].status = "submitted"
    db.session.commit()
    response = send(client, project, "c1", points=5)
    assert response.status_code == 409 and response.json["locked"] and response.json["message"]
    assert count(SheetScore) == 0


def test_photos_are_idempotent_and_limited(make_project, sign_in):
    project = make_project()
    client = sign_in("assessor")
    key = str(uuid.uuid4())
    assert photo(client, project, "c1", key).status_code == 200
    assert photo(client, project, "c1", key).status_code == 200
    assert count(SheetPhoto) == 1
    bad = photo(client, project, "c1", str(uuid.uuid4()), data=b"not an image")
    assert bad.status_code == 400 and "photo" in bad.json["errors"]
    assert count(SheetPhoto) == 1


def test_another_assessor_cannot_write_into_my_sheet(make_project, sign_in, users):
    project = make_project(2)
    client = sign_in("assessor4")  # not assigned to this project
    assert send(client, project, "c1", points=5).status_code in (403, 404)
    client.post("/logout")
    signed_out = send(client, project, "c1", points=5)
    assert signed_out.status_code == 401 and signed_out.is_json


def test_old_keys_are_purged_after_the_configured_days(app, make_project, sign_in,
                                                       monkeypatch):
    project = make_project()
    client = sign_in("assessor")
    send(client, project, "c1", points=5)
    send(client, project, "c2", points=5)
    rows = db.session.scalars(select(SheetOfflineSave).order_by(SheetOfflineSave.id)).all()
    now = datetime(2027, 3, 1, 3, 0)  # the frozen clock
    rows[0].created_at = now - timedelta(days=31)
    rows[1].created_at = now - timedelta(days=29)
    db.session.commit()
    assert offline.purge_keys(now, 30) == 1
    db.session.commit()
    assert [r.key for r in db.session.scalars(select(SheetOfflineSave))] == [rows[1].key]
    assert count(SheetScore) == 2  # the saves themselves stay
