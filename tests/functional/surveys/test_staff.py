"""Staff side: publish, counts per building, Cochran target, close, print, paper, import, export."""

from __future__ import annotations

import csv
import io
import re
import zlib

import segno
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.surveys import printing, services
from survey_app.surveys.models import AccessCode, Answer, Response, Survey
from survey_app.tabular import xlsx_bytes
from tests.fixtures.jobs import download
from tests.fixtures.surveys import (
    all_answers,
    codes_of,
    household_of,
    section_answers,
)


def _admin_url(period):
    return f"/surveys/{period.community_id}/{period.id}"


def test_staff_publishes_with_codes_and_sees_counts(as_role, period, owner_version, community):
    client = as_role("staff")
    assert "Publish" in client.get(_admin_url(period)).get_data(as_text=True) \
        or "发布" in client.get(_admin_url(period)).get_data(as_text=True)
    response = client.post(_admin_url(period) + "/publish",
                           data={"questionnaire": owner_version.id, "access_mode": "codes"})
    assert response.status_code == 302
    survey = db.session.scalar(select(Survey))
    households = sum(len(b.households) for b in community.buildings)
    assert db.session.scalar(select(func.count(AccessCode.id))) == households == 12
    codes = codes_of(survey)
    assert all(len(c) == 8 and not set(c) & set("01OI") for c in codes)
    client.post(f"/c/{codes[0]}/all", data=all_answers(services.definition_of(survey)))
    page = client.get(_admin_url(period)).get_data(as_text=True)
    assert "1号楼" in page and "2号楼" in page
    assert codes[0] not in page  # no household-level data on staff pages
    counts = services.building_counts(survey)
    assert [(c.name, c.households, c.responses) for c in counts] == [
        ("1号楼", 6, int(household_of(codes[0]).building.name == "1号楼")),
        ("2号楼", 6, int(household_of(codes[0]).building.name == "2号楼"))]
    assert services.progress(counts).target == 12  # Cochran: N = 12 → 12


def test_cochran_target_matches_method_example():
    assert services.cochran_target(1000) == 278
    assert services.cochran_target(600) == 235


def test_committee_sees_and_prints_codes_by_default_but_cannot_publish(as_role, survey, period,
                                                                       owner_version):
    client = as_role("committee")
    assert client.get(_admin_url(period)).status_code == 200
    assert client.post(_admin_url(period) + "/status", data={"status": "closed"}).status_code == 403
    # by default the owners' committee holds the codes (Community.code_holder)
    assert download(client, _admin_url(period) + "/slips.pdf").status_code == 200
    assert client.get(_admin_url(period) + "/paper").status_code == 403


def _company_holds_codes(community):
    community.code_holder = "company"
    db.session.commit()


def test_close_and_reopen(as_role, survey, period):
    client = as_role("staff")
    client.post(_admin_url(period) + "/status", data={"status": "closed"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).status == "closed"
    client.post(_admin_url(period) + "/status", data={"status": "open"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).status == "open"


def test_qr_poster_and_slips(as_role, survey, period, community):
    _company_holds_codes(community)
    client = as_role("staff")
    svg = client.get(_admin_url(period) + "/qr.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data
    png = client.get(_admin_url(period) + "/qr.png")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    poster = download(client, _admin_url(period) + "/poster.pdf")
    assert poster.status_code == 200 and poster.data[:5] == b"%PDF-"
    slips = download(client, _admin_url(period) + "/slips.pdf")
    assert slips.status_code == 200 and slips.data[:5] == b"%PDF-"


def _pages_and_images(pdf: bytes) -> tuple[int, int]:
    """Page and image objects of a PDF, also those inside compressed object streams."""
    text = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            pass
    return (len(re.findall(rb"/Type\s*/Page\b(?!s)", text)),
            len(re.findall(rb"/Subtype\s*/Image\b", text)))


def test_slips_for_the_whole_community_or_one_building(as_role, survey, period, community,
                                                      other_community):
    _company_holds_codes(community)
    client = as_role("staff")
    whole = download(client, _admin_url(period) + "/slips.pdf")
    # 12 households: ten slips per page, one QR image per slip
    assert whole.status_code == 200 and _pages_and_images(whole.data) == (2, 12)
    building = community.buildings[1]
    one = download(client, _admin_url(period) + f"/slips.pdf?building={building.id}")
    assert one.status_code == 200 and _pages_and_images(one.data) == (1, 6)
    assert "2号楼" in one.headers["Content-Disposition"] \
        or "%E5%8F%B7%E6%A5%BC" in one.headers["Content-Disposition"]
    foreign = other_community.buildings[0]
    assert client.get(_admin_url(period) + f"/slips.pdf?building={foreign.id}").status_code \
        == 404


def test_slip_qr_code_is_one_pixel_per_module_with_a_quiet_zone():
    url = "https://wuye.example.cn/c/ABCD2345"
    image = Image.open(io.BytesIO(printing.slip_qr_png(url)))
    reference = segno.make(url, error="m")
    size = reference.symbol_size(scale=1, border=1)
    assert image.mode == "1" and image.size == size
    # the quiet zone is light, the finder pattern's corner module dark
    assert image.getpixel((0, 0)) != 0 and image.getpixel((1, 1)) == 0


def _paper(client, period, household, **answers):
    definition = services.definition_of(db.session.get(Survey, 1) or db.session.scalar(
        select(Survey)))
    data = {"building": household.building_id, "unit": household.unit, "room": household.room,
            **all_answers(definition, **answers)}
    return client.post(_admin_url(period) + "/paper", data=data)


def test_paper_entry_is_channel_paper_and_once_per_household(as_role, survey, period, community):
    client = as_role("staff")
    household = community.buildings[0].households[0]
    assert client.get(_admin_url(period) + "/paper").status_code == 200
    assert _paper(client, period, household, cl2="0").status_code == 302
    response = db.session.scalar(select(Response))
    assert response.channel == "paper" and response.status == "submitted"
    assert db.session.scalar(select(Answer.is_na).filter_by(item_id="cl2")) is True
    again = _paper(client, period, household)
    assert again.status_code == 400
    assert db.session.scalar(select(func.count(Response.id))) == 1
    bad = _paper(client, period, community.buildings[0].households[1], cl1="9")
    assert bad.status_code == 400
    assert db.session.scalar(select(func.count(Response.id))) == 1
    # the household's printed code is now used, so the web cannot add a second answer
    code = db.session.scalar(select(AccessCode.code).filter_by(household_id=household.id))
    assert "已提交" in client.get(f"/c/{code}").get_data(as_text=True) \
        or "Already" in client.get(f"/c/{code}").get_data(as_text=True)


def _template_rows(client, period):
    book = load_workbook(io.BytesIO(client.get(_admin_url(period) + "/import-template.xlsx").data))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["楼栋", "单元", "房号"] and headers[3].startswith("cl1 ")
    assert book.worksheets[1].title == "填写说明"
    return headers


def _row(headers, building, unit, room, likert="4", **special):
    values = {"楼栋": building, "单元": unit, "房号": room}
    for header in headers[3:]:
        item = header.split()[0]
        values[header] = special.get(item, {"nps": "7", "comment": "", "improve": ""}
                                     .get(item, likert))
    return [values[h] for h in headers]


def _upload(client, period, headers, rows, name="paper.xlsx"):
    data = xlsx_bytes([("问卷录入", headers, rows)])
    return client.post(_admin_url(period) + "/import",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_paper_responses(as_role, survey, period):
    client = as_role("staff")
    headers = _template_rows(client, period)
    rows = [_row(headers, "1号楼", "1", "101"), _row(headers, "1号楼", "1", "102", likert="0",
                                                      overall="2", improve="清洁卫生，fees")]
    response = _upload(client, period, headers, rows)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert db.session.scalar(select(func.count(Response.id)).filter_by(channel="paper")) == 2
    assert db.session.scalar(select(Answer.text).filter_by(item_id="improve")) == "cleaning,fees"


def test_bad_import_lists_rows_and_imports_nothing(as_role, survey, period):
    client = as_role("staff")
    headers = _template_rows(client, period)
    rows = [_row(headers, "1号楼", "1", "101"),
            _row(headers, "1号楼", "1", "101"),          # duplicate household
            _row(headers, "1号楼", "1", "999"),          # unknown room
            _row(headers, "2号楼", "1", "101", cl3="6"),  # out of range
            _row(headers, "2号楼", "1", "102", overall="")]  # required missing
    response = _upload(client, period, headers, rows)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    for row_number in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>"):
        assert row_number in text
    assert "cl3" in text and "overall" in text
    assert db.session.scalar(select(func.count(Response.id))) == 0
    unknown = _upload(client, period, headers + ["zz1 不存在的题"],
                      [r + ["3"] for r in rows[:1]])
    assert unknown.status_code == 400 and "zz1" in unknown.get_data(as_text=True)
    not_a_table = client.post(_admin_url(period) + "/import",
                              data={"file": (io.BytesIO(b"junk"), "x.xlsx")},
                              content_type="multipart/form-data")
    assert not_a_table.status_code == 400
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_exports_have_labels_codebook_and_no_household(as_role, survey, period, community):
    client = as_role("staff")
    definition = services.definition_of(survey)
    for code in codes_of(survey)[:3]:
        client.post(f"/c/{code}/all", data=all_answers(definition, cl4="na"))
    raw = download(client, _admin_url(period) + "/export.csv")
    assert raw.status_code == 200
    rows = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "渠道", "楼栋"] and "提交日期" not in rows[0]
    assert "cl1 楼道、楼梯及电梯轿厢的日常保洁" in rows[0]
    assert len(rows) == 4
    cl4 = rows[0].index(next(h for h in rows[0] if h.startswith("cl4 ")))
    assert {r[cl4] for r in rows[1:]} == {"不适用"}
    everything = raw.data.decode("utf-8-sig")
    for code in codes_of(survey):
        assert code not in everything
    book = load_workbook(io.BytesIO(download(client, _admin_url(period) + "/export.xlsx").data))
    assert [s.title for s in book.worksheets] == ["回答", "编码说明"]
    codebook = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert codebook[0] == ["列名", "题目", "维度", "题型", "取值"]
    assert any(r[2] == "清洁卫生" for r in codebook[1:])
    assert book.worksheets[0].max_row == 4


def test_paper_entry_completes_a_response_started_online(app, as_role, survey, period,
                                                          community):
    household = community.buildings[0].households[0]
    code = db.session.scalar(select(AccessCode.code).filter_by(household_id=household.id))
    owner = app.test_client()
    definition = services.definition_of(survey)
    assert owner.post(f"/c/{code}/1", data=section_answers(definition, 0)).status_code == 302
    client = as_role("staff")
    assert _paper(client, period, household, cl1="1").status_code == 302
    db.session.expire_all()
    response = db.session.scalar(select(Response))
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert (response.channel, response.status) == ("paper", "submitted")
    assert db.session.scalar(select(Answer.value).filter_by(item_id="cl1")) == 1
    assert db.session.scalar(select(AccessCode.used_on).filter_by(code=code)) is not None


def test_paper_entry_shows_every_mistake_at_once(as_role, survey, period, community):
    """A sheet with an unknown room and an out-of-range answer: both errors, nothing stored."""
    client = as_role("staff")
    household = community.buildings[0].households[0]
    definition = services.definition_of(survey)
    data = {"building": household.building_id, "unit": household.unit, "room": "9999",
            **all_answers(definition, cl1="9")}
    page = client.post(_admin_url(period) + "/paper", data=data)
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "9999" in text  # the room typed stays in the form
    assert "没有登记该楼栋、单元和房号的住户" in text  # the room …
    assert "请从给出的选项中选择" in text  # … and the answer, in one round
    assert db.session.scalar(select(func.count(Response.id))) == 0
    missing_room = {**data, "room": ""}
    page = client.post(_admin_url(period) + "/paper", data=missing_room)
    assert page.status_code == 400 and db.session.scalar(select(func.count(Response.id))) == 0
    assert "请从给出的选项中选择" in page.get_data(as_text=True)
