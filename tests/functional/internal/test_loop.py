"""Internal inspections (品质部) through the test client: each kind goes record → finding →
rectification → evidence → re-inspection → closed; they stay apart from joint inspections."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from PIL import Image
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.inspections.data import (
    counted_rectifications,
    load_inspection_data,
    load_internal_data,
)
from survey_app.inspections.models import Inspection, Rectification


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (40, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def record(client, community, **fields):
    data = {"kind": "patrol", "inspection_date": "2026-11-10", "start_time": "09:30",
            "area": "1号楼", **fields}
    return client.post(f"/internal/c/{community.id}/new", data=data)


def only_inspection() -> Inspection:
    return db.session.scalars(select(Inspection).order_by(Inspection.id.desc())).first()


def score(client, inspection, item, **fields):
    data = {f"{item}-{k}": v for k, v in fields.items()}
    return client.post(f"/internal/c/{inspection.community_id}/{inspection.id}/items/{item}",
                       data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("kind,extra", [
    ("patrol", {}), ("special", {"area": "地下车库消防专项"}),
    ("night", {"start_time": "22:40"}), ("cross", {"inspector_from": "翠湖苑项目 工程部"})])
def test_each_kind_goes_round_the_loop(as_role, community, period, internal_checklist, kind,
                                       extra):
    staff = as_role("staff")
    response = record(staff, community, kind=kind, **extra)
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    made = only_inspection()
    assert made.kind == kind and made.internal and made.inspector == "staff"
    assert response.headers["Location"].endswith(f"/internal/c/{community.id}/{made.id}/walk")
    assert staff.get(response.headers["Location"]).status_code == 200
    # 扣分制: 1 point per problem, floored at zero; two problems put icl2 below its pass line
    assert score(staff, made, "icl2", mode="deductions", count=2, note="垃圾桶满溢",
                 location="5号楼", photos=(io.BytesIO(jpeg()), "p.jpg")).status_code == 302
    assert score(staff, made, "ise1", mode="deductions", count=9).status_code == 302
    base = f"/internal/c/{community.id}/{made.id}"
    assert staff.post(f"{base}/finish").status_code == 302
    db.session.expire_all()
    made = db.session.get(Inspection, made.id)
    assert made.status == "signed" and made.signed_revision == 1
    assert score(staff, made, "icl1", mode="deductions", count=0).status_code == 400
    page = staff.get(base).get_data(as_text=True)
    assert "垃圾桶满溢" in page and f"{base}/items/icl2/rectify" in page
    assert staff.post(f"{base}/items/icl2/rectify", data={
        "department": "环境部", "description": "垃圾桶满溢，增加清运", "severity": "major"}
    ).status_code == 302
    rect = db.session.scalar(select(Rectification))
    rurl = f"/inspections/c/{community.id}/rectifications/{rect.id}"
    assert staff.post(f"{rurl}/start").status_code == 302
    assert staff.post(f"{rurl}/submit", data={"note": "已增加清运", "photos": (
        io.BytesIO(jpeg()), "fix.jpg")}, content_type="multipart/form-data").status_code == 302
    shown = staff.get(rurl).get_data(as_text=True)
    assert f"/internal/c/{community.id}/rectifications/{rect.id}/review" in shown
    # the joint re-inspection stays the committee's: staff cannot use it for internal tasks
    assert staff.post(f"{rurl}/review", data={"action": "verify"}).status_code == 403
    review = f"/internal/c/{community.id}/rectifications/{rect.id}/review"
    assert staff.post(review, data={"action": "reopen"}).status_code == 400  # a note is needed
    assert staff.post(review, data={"action": "reopen", "note": "仍有满溢"}).status_code == 302
    assert staff.post(f"{rurl}/submit", data={"note": "已每日两次清运"}).status_code == 302
    assert staff.post(review, data={"action": "verify", "note": "复查合格"}).status_code == 302
    db.session.expire_all()
    rect = db.session.get(Rectification, rect.id)
    assert rect.status == "verified"
    assert [e.to_status for e in rect.events] == [
        "open", "in_progress", "submitted", "reopened", "submitted", "verified"]


def test_bad_input_names_the_field_and_saves_nothing(as_role, community, period,
                                                      internal_checklist):
    staff = as_role("staff")
    cross = record(staff, community, kind="cross")
    assert cross.status_code == 400 and "其他部门或其他项目" in \
        cross.get_data(as_text=True)
    no_time = record(staff, community, start_time="")
    assert no_time.status_code == 400 and "请填写检查开始时间" in \
        no_time.get_data(as_text=True)
    outside = record(staff, community, inspection_date="2031-01-01")
    assert outside.status_code == 400
    assert db.session.scalar(select(Inspection)) is None
    made = record(staff, community)
    assert made.status_code == 302
    empty = staff.post(f"/internal/c/{community.id}/{only_inspection().id}/finish")
    assert empty.status_code == 302
    assert only_inspection().status == "scheduled"  # nothing scored: not finished


def test_committee_reads_but_never_records(as_role, community, period, internal_checklist):
    staff = as_role("staff")
    record(staff, community)
    made = only_inspection()
    score(staff, made, "icl1", mode="deductions", count=3)
    base = f"/internal/c/{community.id}/{made.id}"
    committee = as_role("committee")
    assert committee.get(f"/internal/c/{community.id}/").status_code == 200
    assert committee.get(base).status_code == 200
    assert committee.get(f"{base}/walk").status_code == 403
    assert score(committee, made, "icl1", mode="deductions", count=0).status_code == 403
    assert committee.post(f"{base}/finish").status_code == 403
    assert record(committee, community).status_code == 403


def test_kept_apart_from_joint_inspections(as_role, community, period, internal_checklist,
                                           checklist_version):
    staff = as_role("staff")
    record(staff, community, kind="night", start_time="23:10")
    made = only_inspection()
    score(staff, made, "icl1", mode="deductions", count=3)
    staff.post(f"/internal/c/{community.id}/{made.id}/finish")
    staff.post(f"/internal/c/{community.id}/{made.id}/items/icl1/rectify", data={
        "department": "环境部", "description": "楼道积灰", "severity": "minor"})
    # the joint pages do not show it, and its id is unknown to them
    assert staff.get(f"/inspections/c/{community.id}/{made.id}").status_code == 404
    assert made.title not in staff.get(f"/inspections/c/{community.id}/").get_data(as_text=True)
    assert "楼道积灰" not in staff.get(
        f"/inspections/c/{community.id}/rectifications").get_data(as_text=True)
    assert staff.get(f"/internal/c/{community.id}/{made.id}/walk").status_code == 200
    # never in the joint-inspection source, nor the joint rectification counts
    assert load_inspection_data(period.id) is None
    assert db.session.execute(counted_rectifications(period.id)).all() == []
    internal = load_internal_data(period.id)
    assert internal is not None and internal.rectifications_opened == 1
    assert 1 in [int(x) for x in (internal.awarded < internal.pass_line)]


def test_findings_by_time_of_day(as_role, community, period, internal_checklist):
    staff = as_role("staff")
    for kind, at, problems in (("patrol", "10:00", 1), ("night", "22:30", 3),
                               ("night", "05:15", 0)):
        record(staff, community, kind=kind, start_time=at)
        made = only_inspection()
        for item in ("icl1", "icl2", "igr1")[:problems] or ("icl1",):
            score(staff, made, item, mode="deductions", count=2 if problems else 0)
    assert only_inspection().start_time == time(5, 15)
    page = staff.get(f"/internal/c/{community.id}/").get_data(as_text=True)
    assert "75.0 %" in page or "75 %" in page  # 3 of the 4 findings were made at night
    assert date(2026, 11, 10).isoformat() in page or "2026" in page
