"""The full loop through the test client: schedule → score → finding → rectification →
evidence → re-inspection → closed, the reopened path, sign-off locking and corrections."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from survey_app.audit import AuditLog
from survey_app.auth.models import User
from survey_app.communities.models import Period
from survey_app.extensions import db
from survey_app.inspections.data import load_inspection_data
from survey_app.inspections.models import (
    AppendOnlyError,
    Inspection,
    ItemScore,
    Rectification,
    RectificationEvent,
)
from survey_app.uploads import Photo
from tests.fixtures.jobs import download
from tests.fixtures.signing import sign_everyone


def jpeg(size=(120, 90), color=(180, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def item_ids(version) -> list[str]:
    return [i.id for i in version.parsed.items() if i.type == "points"]


def base(inspection):
    return f"/inspections/c/{inspection.community_id}/{inspection.id}"


def score(client, inspection, item, **fields):
    data = {f"{item}-{k}": v for k, v in fields.items()}
    return client.post(f"{base(inspection)}/items/{item}", data=data,
                       content_type="multipart/form-data")


def score_all(client, inspection, version, full=True):
    for item in item_ids(version):
        response = score(client, inspection, item, mode="points",
                         points=version.parsed.item(item).max_points if full else 0)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]


def add_people(client, inspection):
    """The committee director and the project manager have accounts; the grid worker not."""
    accounts = {u.username: u.id for u in db.session.scalars(select(User))}
    for name, org, role, account in (
            ("李主任", "committee", "业委会主任", accounts["committee"]),
            ("王网格员", "community", "社区网格员", 0),
            ("赵经理", "company", "项目经理", accounts["staff"])):
        assert client.post(f"{base(inspection)}/participants",
                           data={"name": name, "organisation": org, "role": role,
                                 "user_id": account}).status_code == 302


def test_schedule_through_the_form(as_role, community, period, checklist_version):
    client = as_role("committee")
    response = client.post(f"/inspections/c/{community.id}/new",
                           data={"kind": "quarterly", "inspection_date": "2026-11-10", "area": "1号楼"})
    assert response.status_code == 302
    made = db.session.scalar(select(Inspection))
    assert made.period_id == period.id and made.title == "2026-Q4 joint inspection" or "2026-Q4" in made.title
    bad = client.post(f"/inspections/c/{community.id}/new",
                      data={"kind": "quarterly", "inspection_date": "2030-01-01"})
    assert bad.status_code == 200 and "period" in bad.get_data(as_text=True).lower() or "测评期" in bad.get_data(as_text=True)


def test_deductions_follow_the_rule_and_floor_at_zero(as_role, inspection, checklist_version):
    client = as_role("committee")
    assert score(client, inspection, "cl1", mode="deductions", count=3, note="楼道积灰",
                 location="3号楼2单元").status_code == 302
    row = db.session.scalar(select(ItemScore).filter_by(item_id="cl1"))
    assert row.awarded == 2.5 and row.is_finding  # 4 − 3×0.5 = 2.5 < pass line 3
    score(client, inspection, "cl1", mode="deductions", count=20)
    db.session.expire_all()
    assert db.session.scalar(select(ItemScore).filter_by(item_id="cl1")).awarded == 0.0
    bad = score(client, inspection, "cl1", mode="points", points=9)
    assert bad.status_code == 400 and "between 0 and 4" in bad.get_data(as_text=True) \
        or "0" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(ItemScore).filter_by(item_id="cl1")).awarded == 0.0
    assert db.session.scalar(select(Inspection)).status == "in_progress"


def test_item_saved_with_fetch_returns_json(as_role, inspection):
    client = as_role("committee")
    response = client.post(f"{base(inspection)}/items/cl2",
                           data={"cl2-mode": "deductions", "cl2-count": "1",
                                 "cl2-photos": (io.BytesIO(jpeg()), "p.jpg")},
                           headers={"X-Requested-With": "fetch"},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["ok"] and body["awarded"] == 3.5 and len(body["photos"]) == 1
    thumb = client.get(body["photos"][0]["thumb"])
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert "private" in thumb.headers["Cache-Control"]
    bad = client.post(f"{base(inspection)}/items/cl2", data={"cl2-mode": "points"},
                      headers={"X-Requested-With": "fetch"})
    assert bad.status_code == 400 and "points" in bad.get_json()["errors"]


def test_two_inspectors_saving_different_items_lose_nothing(app, inspection, users):
    from tests.fixtures.factories import login

    first, second = app.test_client(), app.test_client()
    login(first, "committee")
    from survey_app.auth.services import create_user

    create_user("committee2", "correct-horse-9", "committee", [inspection.community_id])
    db.session.commit()
    login(second, "committee2")
    # interleaved: each client loaded the page before the other saved
    assert first.get(f"{base(inspection)}/walk").status_code == 200
    assert second.get(f"{base(inspection)}/walk").status_code == 200
    for a, b in (("cl1", "gr1"), ("cl2", "gr2"), ("cl3", "gr3")):
        assert score(first, inspection, a, mode="deductions", count=1, note=f"A {a}").status_code == 302
        assert score(second, inspection, b, mode="points", points=1, note=f"B {b}").status_code == 302
    db.session.expire_all()
    rows = {r.item_id: r for r in db.session.scalars(select(ItemScore))}
    assert set(rows) == {"cl1", "cl2", "cl3", "gr1", "gr2", "gr3"}
    assert rows["cl1"].note == "A cl1" and rows["gr3"].note == "B gr3"
    assert rows["gr1"].awarded == 1.0 and rows["cl3"].awarded == 3.5


def test_full_loop_verified_and_reopened(app, as_role, inspection, checklist_version, period):
    client = as_role("committee")
    add_people(client, inspection)
    score_all(client, inspection, checklist_version)
    assert score(client, inspection, "cl4", mode="deductions", count=2,
                 location="5号楼垃圾房").status_code == 302  # 4 − 2 = 2 < 3: a finding
    assert score(client, inspection, "se1", mode="deductions", count=4).status_code == 302
    page = client.get(f"{base(inspection)}/items/cl4/rectify")
    assert page.status_code == 200
    # an item at full marks is no finding and cannot open a rectification
    refused = client.post(f"{base(inspection)}/items/cl1/rectify",
                          data={"department": "环境部", "description": "x", "severity": "minor"})
    assert refused.status_code == 200 and db.session.query(Rectification).count() == 0
    for item, desc in (("cl4", "垃圾房满溢，需每日清运"), ("se1", "门岗登记不全")):
        response = client.post(f"{base(inspection)}/items/{item}/rectify",
                               data={"department": "环境部", "description": desc,
                                     "severity": "major"})
        assert response.status_code == 302
    first, second = db.session.scalars(select(Rectification).order_by(Rectification.id)).all()
    assert first.due_date == date(2026, 11, 12) and first.location == "5号楼垃圾房"  # major: 7 days

    client = sign_everyone(as_role, inspection)
    db.session.expire_all()
    locked = db.session.get(Inspection, inspection.id)
    assert locked.status == "signed" and locked.signed_revision == 1
    assert score(client, inspection, "cl1", mode="points", points=0).status_code == 400

    data = load_inspection_data(period.id)
    assert data.rectifications_opened == 2 and data.rectifications_verified == 0
    assert np.nansum(data.awarded) < np.sum(data.max_points[np.isfinite(data.awarded)])

    staff = as_role("staff")
    rurl = f"/inspections/c/{inspection.community_id}/rectifications"
    assert staff.get(rurl).status_code == 200
    assert staff.post(f"{rurl}/{first.id}/start").status_code == 302
    response = staff.post(f"{rurl}/{first.id}/submit",
                          data={"note": "已清运并增加一次收运", "photos": (io.BytesIO(jpeg()), "fix.jpg")},
                          content_type="multipart/form-data")
    assert response.status_code == 302
    assert staff.post(f"{rurl}/{second.id}/submit", data={"note": "已补登记"}).status_code == 302
    # staff never verify and never change scores
    assert staff.post(f"{rurl}/{first.id}/review", data={"action": "verify"}).status_code == 403
    assert score(staff, inspection, "cl1", mode="points", points=4).status_code == 403

    committee = as_role("committee")
    assert committee.post(f"{rurl}/{first.id}/review",
                          data={"action": "verify", "note": "复查合格"}).status_code == 302
    no_note = committee.post(f"{rurl}/{second.id}/review", data={"action": "reopen"})
    assert no_note.status_code == 400
    assert committee.post(f"{rurl}/{second.id}/review",
                          data={"action": "reopen", "note": "登记仍不全"}).status_code == 302
    db.session.expire_all()
    first, second = db.session.get(Rectification, first.id), db.session.get(Rectification, second.id)
    assert first.status == "verified" and second.status == "reopened"
    assert [e.to_status for e in first.events] == ["open", "in_progress", "submitted", "verified"]
    assert [e.to_status for e in second.events] == ["open", "submitted", "reopened"]
    assert first.events[2].photo_ids and db.session.get(Photo, first.events[2].photo_ids[0])
    # the reopened task goes round again and closes
    staff = as_role("staff")
    assert staff.post(f"{rurl}/{second.id}/submit", data={"note": "补齐"}).status_code == 302
    committee = as_role("committee")
    assert committee.post(f"{rurl}/{second.id}/review", data={"action": "verify"}).status_code == 302
    data = load_inspection_data(period.id)
    assert (data.rectifications_opened, data.rectifications_verified) == (2, 2)
    history = db.session.get(Rectification, second.id).events
    event = history[0]
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    assert db.session.query(RectificationEvent).count() == 9
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"inspection.signoff", "inspection.lock", "rectification.verified",
            "rectification.reopened"} <= actions


def test_signing_needs_all_items(as_role, inspection, checklist_version):
    client = as_role("committee")
    add_people(client, inspection)
    db.session.expire_all()
    person = db.session.get(Inspection, inspection.id).participants[0]  # the committee's own
    url = f"{base(inspection)}/participants/{person.id}/sign"
    assert client.post(url).status_code == 400
    score_all(client, inspection, checklist_version)
    assert client.post(url).status_code == 302
    # once signing has begun, scores are frozen for this revision
    assert score(client, inspection, "cl1", mode="points", points=1).status_code == 400


def test_correction_is_a_new_signed_revision(as_role, inspection, checklist_version, period):
    client = as_role("committee")
    add_people(client, inspection)
    score_all(client, inspection, checklist_version)
    client = sign_everyone(as_role, inspection)
    version_before = db.session.get(Period, period.id).data_version
    assert client.post(f"{base(inspection)}/correct", data={"reason": ""}).status_code == 400
    assert client.post(f"{base(inspection)}/correct",
                       data={"reason": "cl1 录入错误"}).status_code == 302
    assert score(client, inspection, "cl1", mode="points", points=1).status_code == 302
    # the draft correction does not count yet: results still see revision 1
    data = load_inspection_data(period.id)
    assert data.awarded[list(data.item_ids).index("cl1")] == 4.0
    client = sign_everyone(as_role, inspection)
    db.session.expire_all()
    corrected = db.session.get(Inspection, inspection.id)
    assert (corrected.status, corrected.revision, corrected.signed_revision) == ("signed", 2, 2)
    data = load_inspection_data(period.id)
    assert data.awarded[list(data.item_ids).index("cl1")] == 1.0
    assert len(data.item_ids) == len(item_ids(checklist_version))
    old = db.session.scalar(select(ItemScore).filter_by(item_id="cl1", revision=1))
    assert old.awarded == 4.0  # nothing overwritten
    assert db.session.get(Period, period.id).data_version > version_before
    page = client.get(f"{base(inspection)}?revision=1")
    assert page.status_code == 200


def test_unsigned_inspections_do_not_count(as_role, inspection, checklist_version, period):
    client = as_role("committee")
    score_all(client, inspection, checklist_version, full=False)
    assert load_inspection_data(period.id) is None


def test_record_exports(as_role, inspection, checklist_version):
    client = as_role("committee")
    add_people(client, inspection)
    score_all(client, inspection, checklist_version)
    assert score(client, inspection, "cl1", mode="deductions", count=3,
                 photos=(io.BytesIO(jpeg()), "a.jpg")).status_code == 302
    pdf = download(client, f"{base(inspection)}/record.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get(f"{base(inspection)}/record.xlsx")
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.data))
    assert len(book.sheetnames) == 4
    items = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(items) == 1 + len(item_ids(checklist_version))
    assert client.get(f"{base(inspection)}").status_code == 200
    assert client.get(f"/inspections/c/{inspection.community_id}/?dimension=cleaning&status=in_progress"
                      ).get_data(as_text=True).count(inspection.title) == 1
    assert inspection.title not in client.get(
        f"/inspections/c/{inspection.community_id}/?dimension=greening").get_data(as_text=True)
