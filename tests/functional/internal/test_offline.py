"""Issue 20: an internal inspection's walk-round syncs offline saves like a joint one, and the
periodic task purges walk-round idempotency keys older than OFFLINE_KEY_DAYS."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.inspections import tasks
from survey_app.inspections.models import Inspection, ItemScore, OfflineSave
from survey_app.uploads import Photo


@pytest.fixture
def internal(community, period, users, internal_checklist):
    made = Inspection(community_id=community.id, period_id=period.id,
                      questionnaire_version_id=internal_checklist.id, kind="patrol",
                      title="日常巡检", inspection_date=date(2026, 11, 10))
    db.session.add(made)
    db.session.commit()
    return made


def url(inspection, item, what="offline") -> str:
    return f"/internal/c/{inspection.community_id}/{inspection.id}/items/{item}/{what}"


def send(client, inspection, item, key=None, base=None, **values):
    return client.post(url(inspection, item),
                       json={"key": key or str(uuid.uuid4()), "base": base, **values})


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 40, 160)).save(out, "JPEG")
    return out.getvalue()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_internal_offline_saves_are_idempotent_and_validated(as_role, internal):
    staff = as_role("staff")
    key = str(uuid.uuid4())
    first = send(staff, internal, "icl2", key=key, mode="deductions", count=2, note="垃圾桶满溢")
    assert first.status_code == 200, first.json
    assert send(staff, internal, "icl2", key=key, mode="deductions", count=2).json == first.json
    bad = send(staff, internal, "icl1", mode="points", points=99)
    assert bad.status_code == 400 and bad.json["message"]
    shot = staff.post(url(internal, "icl2", "offline-photo"), content_type="multipart/form-data",
                      data={"key": str(uuid.uuid4()), "photo": (io.BytesIO(jpeg()), "p.jpg")})
    assert shot.status_code == 200
    assert count(ItemScore) == 1 and count(Photo) == 1 and count(OfflineSave) == 2


def test_internal_offline_is_staff_only_and_locked_after_finish(as_role, internal):
    assert send(as_role("committee"), internal, "icl2", mode="na").status_code == 403
    staff = as_role("staff")
    internal.status = "signed"
    db.session.commit()
    locked = send(staff, internal, "icl2", mode="deductions", count=0)
    assert locked.status_code == 409 and locked.json["locked"]
    assert staff.get("/internal/sw-walk.js").headers["Content-Type"].startswith("text/javascript")


def test_the_periodic_task_purges_keys_older_than_the_configured_days(
        app, as_role, internal, monkeypatch):
    staff = as_role("staff")
    for item in ("icl1", "icl2", "igr1"):
        assert send(staff, internal, item, mode="deductions", count=0).status_code == 200
    rows = db.session.scalars(select(OfflineSave).order_by(OfflineSave.id)).all()
    now = datetime(2027, 3, 1, 3, 0)  # the frozen clock
    for row, age in zip(rows, (timedelta(days=40), timedelta(days=30, seconds=1),
                               timedelta(days=29, hours=23)), strict=True):
        row.created_at = now - age
    db.session.commit()
    monkeypatch.setattr(tasks, "utcnow", lambda: now)
    assert app.config["OFFLINE_KEY_DAYS"] == 30  # the default
    tasks.purge_offline_keys.call_local()
    db.session.expire_all()
    assert db.session.scalars(select(OfflineSave.key)).all() == [rows[2].key]
    assert count(ItemScore) == 3  # the saves themselves stay
    monkeypatch.setitem(app.config, "OFFLINE_KEY_DAYS", 7)
    tasks.purge_offline_keys.call_local()
    assert count(OfflineSave) == 0
