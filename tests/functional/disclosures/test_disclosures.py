"""Disclosures beyond scores (issue 19 item 3): the company prepares, the committee confirms
exactly what it read, the notice board shows it to owners, a correction is a new revision
and the history keeps every published one. Bad input names its field and saves nothing."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from survey_app.disclosures.models import Disclosure
from survey_app.extensions import db
from tests.fixtures.images import png_bytes

FEES = {"title": "2026年第四季度物业费收支", "covering": "2026-Q4",
        "income-0-category": "物业服务费", "income-0-amount": "120000.50",
        "income-1-category": "停车管理费", "income-1-amount": "30000",
        "income_total": "150000.50",
        "expenditure-0-category": "人员费用", "expenditure-0-amount": "98000",
        "expenditure_total": "98000"}


def _count() -> int:
    return db.session.scalar(select(func.count(Disclosure.id)))


def _new(client, community, data=FEES, kind="fees"):
    return client.post(f"/disclosures/{community.id}/new/{kind}", data=data)


def _latest() -> Disclosure:
    return db.session.scalars(select(Disclosure).order_by(Disclosure.id.desc())).first()


def _published(as_role, community, data=FEES) -> Disclosure:
    staff = as_role("staff")
    assert _new(staff, community, data).status_code == 302
    d = _latest()
    assert staff.post(f"/disclosures/{community.id}/{d.id}/submit").status_code == 302
    committee = as_role("committee")
    r = committee.post(f"/disclosures/{community.id}/{d.id}/confirm",
                       data={"sha256": d.content_sha256})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return d


def test_totals_that_do_not_add_up_name_the_field_and_save_nothing(as_role, community):
    staff = as_role("staff")
    response = _new(staff, community, {**FEES, "income_total": "150000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "收入合计" in page and "150,000.50" in page and _count() == 0
    bad = _new(staff, community, {**FEES, "expenditure-0-amount": "九万"})
    assert bad.status_code == 400 and "支出第 1 行" in bad.get_data(as_text=True)
    assert _count() == 0


def test_more_rows_shows_the_form_again_without_saving(as_role, community):
    staff = as_role("staff")
    response = _new(staff, community, {**FEES, "more": "1"})
    assert response.status_code == 200 and _count() == 0
    assert 'name="income-11-amount"' in response.get_data(as_text=True)


def test_company_prepares_committee_confirms_owners_read(as_role, client, community):
    staff = as_role("staff")
    _new(staff, community)
    d = _latest()
    assert d.status == "draft"
    notice = f"/notice/{community.id}"
    assert FEES["title"] not in client.get(notice).get_data(as_text=True)
    assert client.get(f"{notice}/disclosures/{d.id}").status_code == 404
    staff.post(f"/disclosures/{community.id}/{d.id}/submit")
    assert _latest().status == "pending"
    assert client.get(f"{notice}/disclosures/{d.id}").status_code == 404
    # the company cannot confirm its own submission
    assert staff.post(f"/disclosures/{community.id}/{d.id}/confirm",
                      data={"sha256": d.content_sha256}).status_code == 403
    committee = as_role("committee")
    page = committee.get(f"/disclosures/{community.id}/{d.id}").get_data(as_text=True)
    assert "确认并公示" in page and "150,000.50" in page
    committee.post(f"/disclosures/{community.id}/{d.id}/confirm",
                   data={"sha256": d.content_sha256})
    client.post("/logout")
    board = client.get(notice).get_data(as_text=True)
    assert "2026年第四季度物业费收支" in board
    shown = client.get(f"{notice}/disclosures/{d.id}").get_data(as_text=True)
    assert "120,000.50" in shown and "52,000.50" in shown and "业主委员会" in shown


def test_stale_hash_is_refused_and_nothing_is_published(as_role, community):
    staff = as_role("staff")
    _new(staff, community)
    d = _latest()
    staff.post(f"/disclosures/{community.id}/{d.id}/submit")
    committee = as_role("committee")
    response = committee.post(f"/disclosures/{community.id}/{d.id}/confirm",
                              data={"sha256": "0" * 64})
    assert response.status_code == 400 and _latest().status == "pending"


def test_sent_back_with_a_reason_then_corrected(as_role, community):
    staff = as_role("staff")
    _new(staff, community)
    d = _latest()
    staff.post(f"/disclosures/{community.id}/{d.id}/submit")
    committee = as_role("committee")
    empty = committee.post(f"/disclosures/{community.id}/{d.id}/return", data={"reason": ""})
    assert empty.status_code == 400 and _latest().status == "pending"
    committee.post(f"/disclosures/{community.id}/{d.id}/return",
                   data={"reason": "请补充公共水电费"})
    d = _latest()
    assert d.status == "draft" and d.returned_reason == "请补充公共水电费"
    page = as_role("staff").get(f"/disclosures/{community.id}/{d.id}/edit")
    assert "请补充公共水电费" in page.get_data(as_text=True)


def test_correction_is_a_new_revision_and_history_keeps_both(as_role, client, community):
    first = _published(as_role, community)
    staff = as_role("staff")
    staff.post(f"/disclosures/{community.id}/{first.id}/revise",
               data={"reason": "停车管理费少记 500 元"})
    draft = _latest()
    assert draft.revision == 2 and draft.series_id == first.id
    again = staff.post(f"/disclosures/{community.id}/{first.id}/revise",
                       data={"reason": "又一次"})
    assert again.status_code == 400  # one correction at a time
    fixed = {**FEES, "income-1-amount": "30500", "income_total": "150500.50"}
    assert staff.post(f"/disclosures/{community.id}/{draft.id}/edit",
                      data=fixed).status_code == 302
    staff.post(f"/disclosures/{community.id}/{draft.id}/submit")
    # until confirmed, owners still read revision 1
    client.post("/logout")
    assert db.session.get(Disclosure, first.id).status == "published"
    committee = as_role("committee")
    committee.post(f"/disclosures/{community.id}/{draft.id}/confirm",
                   data={"sha256": db.session.get(Disclosure, draft.id).content_sha256})
    client.post("/logout")
    old = client.get(f"/notice/{community.id}/disclosures/{first.id}").get_data(as_text=True)
    assert "此版本后来已更正" in old and "150,000.50" in old
    history = client.get(f"/notice/{community.id}/disclosures/{draft.id}/history")
    text = history.get_data(as_text=True)
    assert "第2版" in text and "第1版" in text and "停车管理费少记 500 元" in text


def test_published_revision_cannot_be_edited(as_role, community):
    d = _published(as_role, community)
    staff = as_role("staff")
    staff.post(f"/disclosures/{community.id}/{d.id}/edit",
               data={**FEES, "income_total": "1"})
    assert db.session.get(Disclosure, d.id).content["income_total"] == "150000.50"
    assert staff.post(f"/disclosures/{community.id}/{d.id}/submit").status_code == 409


def test_attachments_are_private_until_published(as_role, client, community):
    staff = as_role("staff")
    _new(staff, community, {"title": "2026年第四季度工作报告", "covering": "2026-Q4",
                            "overview": "完成外墙清洗。", "plan": "更换3号楼电梯。"},
         kind="work_report")
    d = _latest()
    up = staff.post(f"/disclosures/{community.id}/{d.id}/attachments",
                    data={"file": (io.BytesIO(png_bytes()), "scan.png")},
                    content_type="multipart/form-data")
    assert up.status_code == 302
    photo_id = _latest().attachment_ids[0]
    bad = staff.post(f"/disclosures/{community.id}/{d.id}/attachments",
                     data={"file": (io.BytesIO(b"not an image"), "x.png")},
                     content_type="multipart/form-data")
    assert bad.status_code == 400 and len(_latest().attachment_ids) == 1
    public = f"/notice/{community.id}/disclosures/{d.id}/attachments/{photo_id}"
    client.post("/logout")
    assert client.get(public).status_code == 404
    staff = as_role("staff")
    staff.post(f"/disclosures/{community.id}/{d.id}/submit")
    as_role("committee").post(f"/disclosures/{community.id}/{d.id}/confirm",
                              data={"sha256": _latest().content_sha256})
    client.post("/logout")
    assert client.get(public).status_code == 200
    page = client.get(f"/notice/{community.id}/disclosures/{d.id}").get_data(as_text=True)
    assert "完成外墙清洗" in page and "下季度工作计划" in page


def test_other_community_cannot_reach_or_read_drafts(as_role, client, community,
                                                     other_community):
    d = _published(as_role, community)
    client.post("/logout")
    assert client.get(f"/notice/{other_community.id}/disclosures/{d.id}").status_code == 404


@pytest.mark.parametrize("kind", ["work_report", "fees", "shared_income", "maintenance_fund",
                                  "major_matter"])
def test_every_kind_offers_its_form(as_role, community, kind):
    page = as_role("staff").get(f"/disclosures/{community.id}/new/{kind}")
    assert page.status_code == 200
    assert as_role("staff").get(f"/disclosures/{community.id}/new/nonsense").status_code == 404
