"""Issue 19 item 1: complaint and repair records 书面记录 — search, exports, the committee's
masked read access, the printable record and the monthly register."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import datetime

import pytest
from openpyxl import load_workbook

from survey_app.extensions import db
from survey_app.feedback import services
from survey_app.feedback.models import Ticket
from survey_app.guards.personal import mask_name, mask_phone
from tests.fixtures.jobs import download


@pytest.fixture
def tickets(make_ticket, community):
    """Three tickets in November 2026 (local time) and one in October."""
    building = community.buildings[0]
    made = [
        make_ticket(datetime(2026, 11, 2, 2, 0), contact_name="王阿姨",
                    contact_phone="13700009999", description="楼道灯坏了好几天",
                    building_id=building.id),
        make_ticket(datetime(2026, 11, 10, 3, 0), ticket_type="complaint", category="噪音",
                    description="=HYPERLINK(\"http://x\") 装修噪音太大", contact_name="李四",
                    contact_phone="13811112222"),
        make_ticket(datetime(2026, 11, 20, 3, 0), category="管道疏通",
                    description="厨房下水道堵了 100%_满"),
        make_ticket(datetime(2026, 10, 5, 3, 0), description="十月的电梯故障", category="电梯"),
    ]
    services.classify(made[0], ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal")
    services.dispatch(made[0], department="工程部", worker="李师傅")
    db.session.commit()
    return made


def _records(client, community, **args):
    return client.get(f"/feedback/{community.id}/records", query_string=args)


def test_masking_helper():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("138-1234-1234") == "138****1234"
    assert mask_phone("") == "" and mask_phone(None) == ""
    assert "1234" not in mask_phone("123456")[:-2]
    assert mask_name("张三丰") == "张**" and mask_name("张三") == "张*"
    assert mask_name("王") == "*" and mask_name("") == ""


@pytest.mark.parametrize("args, expected", [
    ({}, {"楼道灯坏了", "装修噪音", "下水道", "十月的电梯"}),
    ({"date_from": "2026-11-01", "date_to": "2026-11-30"}, {"楼道灯坏了", "装修噪音", "下水道"}),
    ({"keyword": "噪音"}, {"装修噪音"}),
    ({"keyword": "100%_"}, {"下水道"}),
    ({"keyword": "%"}, {"下水道"}),
    ({"ticket_type": "complaint"}, {"装修噪音"}),
    ({"category": "电梯"}, {"十月的电梯"}),
    ({"status": "dispatched"}, {"楼道灯坏了"}),
    ({"assignee": "李师"}, {"楼道灯坏了"}),
    ({"assignee": "工程"}, {"楼道灯坏了"}),
])
def test_search_filters(tickets, community, as_role, args, expected):
    page = _records(as_role("staff"), community, **args)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    every = {"楼道灯坏了", "装修噪音", "下水道", "十月的电梯"}
    assert {w for w in every if w in text} == expected
    for value in args.values():  # the GET form keeps its values
        assert f'value="{value}"' in text or f'value="{value}" selected' in text


def test_search_by_building_and_tracking_code(tickets, community, as_role):
    staff = as_role("staff")
    text = _records(staff, community, building_id=community.buildings[0].id).get_data(
        as_text=True)
    assert "楼道灯坏了" in text and "装修噪音" not in text
    code = tickets[1].tracking_code
    spaced = code[:3] + " " + code[3:]
    text = _records(staff, community, keyword=spaced.lower()).get_data(as_text=True)
    assert "装修噪音" in text and "楼道灯坏了" not in text


@pytest.mark.parametrize("args, field", [
    ({"date_from": "2026-11-30", "date_to": "2026-11-01"}, "date_to"),
    ({"date_from": "1900-01-01"}, "date_from"),
    ({"date_to": "9999-12-31"}, "date_to"),
    ({"date_from": "2026-13-45"}, "date_from"),
    ({"building_id": "abc"}, "building_id"),
    ({"status": "nonsense"}, "status"),
])
def test_bad_ranges_and_values_name_the_field(tickets, community, as_role, args, field):
    staff = as_role("staff")
    page = _records(staff, community, **args)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    block = text[text.index(f'name="{field}"'):]
    assert 'class="error"' in block[:800]
    assert "楼道灯坏了" not in text
    assert staff.get(f"/feedback/{community.id}/records.csv",
                     query_string=args).status_code == 400


def test_pages_are_cut_in_sql(make_ticket, community, as_role, monkeypatch):
    from survey_app.feedback import records

    monkeypatch.setattr(records, "PER_PAGE", 2)
    for day in range(1, 6):
        make_ticket(datetime(2026, 11, day, 3, 0), description=f"第{day}号工单内容")
    staff = as_role("staff")
    first = _records(staff, community, keyword="号工单").get_data(as_text=True)
    assert "第5号" in first and "第4号" in first and "第3号" not in first
    assert "1 / 3 (5)" in first and "keyword=" in first
    third = _records(staff, community, keyword="号工单", page=3).get_data(as_text=True)
    assert "第1号" in third and "第2号" not in third


def test_exports_are_masked_and_formula_safe(tickets, community, as_role):
    staff = as_role("staff")
    args = {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    response = download(staff, f"/feedback/{community.id}/records.csv", query_string=args)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 4  # header + three November tickets
    flat = "\n".join(",".join(r) for r in rows)
    assert "13700009999" not in flat and "王阿姨" not in flat
    assert "137****9999" in flat and "王**" in flat
    assert "'=HYPERLINK" in flat and not any(c.startswith("=") for r in rows for c in r)

    response = download(staff, f"/feedback/{community.id}/records.xlsx", query_string=args)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sheet.max_row == 4
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert "138****2222" in values and "13811112222" not in values


def test_committee_reads_masked_records_of_its_own_community(tickets, community,
                                                             other_community, as_role):
    committee = as_role("committee")
    text = _records(committee, community).get_data(as_text=True)
    assert "楼道灯坏了" in text and "王**" in text and "137****9999" in text
    assert "王阿姨" not in text and "13700009999" not in text
    detail = committee.get(f"/feedback/{community.id}/records/{tickets[0].id}")
    assert detail.status_code == 200
    body = detail.get_data(as_text=True)
    assert "137****9999" in body and "13700009999" not in body and "王阿姨" not in body
    assert "工程部" in body
    # no step forms: the committee cannot change tickets
    assert "/classify" not in body and "csrf_token" not in body.split("<main")[-1]
    assert committee.post(f"/feedback/{community.id}/tickets/{tickets[0].id}/classify",
                          data={}).status_code == 403
    assert _records(committee, other_community).status_code == 403
    assert download(committee, f"/feedback/{community.id}/records.csv").status_code == 200
    assert as_role("assessor").get(f"/feedback/{community.id}/records").status_code == 403


def test_record_of_another_community_is_not_found(tickets, community, other_community,
                                                  as_role):
    staff = as_role("staff")
    assert staff.get(f"/feedback/{other_community.id}/records/{tickets[0].id}") \
        .status_code == 404


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_printable_record_in_chinese_with_local_times_and_masking(tickets, community,
                                                                  as_role, tmp_path):
    ticket = tickets[0]
    services.add_note(ticket, note="已联系业主", photo=None, user=None)
    db.session.commit()
    committee = as_role("committee")
    response = download(committee, f"/feedback/{community.id}/records/{ticket.id}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data, tmp_path)
    assert "楼道灯坏了好几天" in text and "工程部" in text and "已联系业主" in text
    assert "137****9999" in text and "王**" in text
    assert "13700009999" not in text and "王阿姨" not in text
    # received 02:00 UTC = 10:00 in Asia/Shanghai
    assert "2026-11-02 10:00" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_monthly_register(tickets, community, as_role, tmp_path):
    staff = as_role("staff")
    response = download(staff, f"/feedback/{community.id}/records/register/2026/11.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.data, tmp_path)
    (tmp_path / "register.txt").write_text(text)
    assert "月度登记表" in text
    assert "楼道灯坏了" in text and "十月的电梯" not in text
    assert "137****9999" in text and "13700009999" not in text
    for bad in ("2026/13", "1999/1", "2999/1"):
        assert staff.get(f"/feedback/{community.id}/records/register/{bad}.pdf") \
            .status_code == 404


def test_queue_urls_still_work(tickets, community, as_role):
    staff = as_role("staff")
    assert staff.get(f"/feedback/{community.id}/tickets").status_code == 200
    assert staff.get(f"/feedback/{community.id}/tickets?flag=&status=closed").status_code == 200
    assert db.session.get(Ticket, tickets[0].id) is not None


def test_handling_page_masks_the_owner_once_the_ticket_is_closed(tickets, community, as_role):
    ticket = tickets[0]
    staff = as_role("staff")
    url = f"/feedback/{community.id}/tickets/{ticket.id}"
    assert "13700009999" in staff.get(url).get_data(as_text=True)
    services.complete(ticket, note="已修好")
    services.close(ticket, note="业主未接电话")
    db.session.commit()
    text = staff.get(url).get_data(as_text=True)
    assert "13700009999" not in text and "王阿姨" not in text and "137****9999" in text


def test_committee_sees_photos_on_the_record_and_in_its_pdf(client, community, as_role):
    from sqlalchemy import select

    from tests.fixtures.images import png_bytes

    response = client.post(f"/feedback/{community.code}/new", data={
        "ticket_type": "repair", "building_id": "0", "description": "电梯按钮失灵了",
        "contact_phone": "13812345678", "contact_consent": "y",
        "photo": (io.BytesIO(png_bytes(size=(400, 300))), "lift.png")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket).order_by(Ticket.id.desc()))
    committee = as_role("committee")
    page = committee.get(f"/feedback/{community.id}/records/{ticket.id}").get_data(
        as_text=True)
    photo = services.ticket_photos(ticket)[None][0]
    url = f"/feedback/{community.id}/records/{ticket.id}/photos/{photo.id}"
    assert url in page and "138****5678" in page and "13812345678" not in page
    assert committee.get(url + "?thumb=1").status_code == 200
    pdf = download(committee, f"/feedback/{community.id}/records/{ticket.id}/record.pdf")
    assert pdf.status_code == 200 and b"/Image" in pdf.data
