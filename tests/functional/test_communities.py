"""Admin screens: communities, periods and the household import."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import func, select

from survey_app.communities.models import Community, Household, Period
from survey_app.extensions import db
from tests.fixtures.factories import login


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, community_id, name, data):
    return client.post(f"/communities/{community_id}/households/import",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_admin_creates_a_community_and_imports_households(client, users):
    login(client, "admin")
    response = client.post("/communities/new", data={
        "name": "绿城小区", "code": "lvcheng", "address": "某路 2 号", "company": "某物业"})
    assert response.status_code == 302
    community = db.session.scalar(select(Community).filter_by(code="lvcheng"))
    data = _xlsx([["楼栋", "单元", "房号", "手机尾号", "建筑面积"],
                  ["1号楼", "1", "101", "1234", 88.5],
                  ["1号楼", "1", "102", "", None],
                  ["10号楼", "2", "201", "0042", 120]])
    response = _upload(client, community.id, "households.xlsx", data)
    assert response.status_code == 302
    count = db.session.scalar(select(func.count(Household.id)).filter_by(
        community_id=community.id))
    assert count == 3
    page = client.get(f"/communities/{community.id}").get_data(as_text=True)
    assert "10号楼" in page and "1号楼" in page


def test_bad_file_lists_every_bad_row_and_imports_nothing(client, users, community):
    login(client, "staff")
    before = db.session.scalar(select(func.count(Household.id)))
    data = _xlsx([["楼栋", "单元", "房号", "手机尾号", "建筑面积"],
                  ["1号楼", "1", "901", "12a4", 80],
                  ["", "1", "902", "", ""],
                  ["1号楼", "1", "903", "", "-5"],
                  ["1号楼", "1", "904", "", ""],
                  ["1号楼", "1", "904", "", ""]])
    response = _upload(client, community.id, "bad.xlsx", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for row, column in ((2, "手机尾号"), (3, "楼栋"), (4, "建筑面积"), (6, "房号")):
        assert f"<td>{row}</td><td>{column}</td>" in html
    assert db.session.scalar(select(func.count(Household.id))) == before


def test_csv_in_gbk_is_accepted(client, users, community):
    login(client, "staff")
    data = "楼栋,单元,房号\n3号楼,1,101\n".encode("gbk")
    assert _upload(client, community.id, "h.csv", data).status_code == 302
    assert db.session.scalar(select(func.count(Household.id)).where(
        Household.room == "101", Household.unit == "1")) >= 1


def test_missing_columns_and_unreadable_files_are_reported(client, users, community):
    login(client, "staff")
    response = _upload(client, community.id, "h.csv", "名字\n张三\n".encode())
    assert response.status_code == 400
    assert "房号" in response.get_data(as_text=True)
    response = _upload(client, community.id, "h.xlsx", b"not a workbook")
    assert response.status_code == 400
    response = _upload(client, community.id, "h.txt", b"x")
    assert response.status_code == 400


def test_period_lifecycle_and_bad_dates(client, users, community):
    login(client, "staff")
    response = client.post(f"/communities/{community.id}/periods", data={
        "label": "2027-Q1", "start_date": "2027-03-31", "end_date": "2027-01-01"})
    assert response.status_code == 400
    assert db.session.scalar(select(Period).filter_by(label="2027-Q1")) is None
    client.post(f"/communities/{community.id}/periods", data={
        "label": "2027-Q1", "start_date": "2027-01-01", "end_date": "2027-03-31"})
    period = db.session.scalar(select(Period).filter_by(label="2027-Q1"))
    assert period.status == "draft"
    url = f"/communities/{community.id}/periods/{period.id}/status"
    client.post(url, data={"status": "published"})
    db.session.refresh(period)
    assert period.status == "draft"
    client.post(url, data={"status": "open"})
    db.session.refresh(period)
    assert period.status == "open"
    response = client.post(url, data={"status": "closed"}, follow_redirects=True)
    assert "双方" in response.get_data(as_text=True)
    client.post(url, data={"status": "published"})
    db.session.refresh(period)
    assert period.status == "open"  # closing and publishing are two-party acts (tests/functional/acts)


def test_committee_cannot_reach_admin_pages_and_anonymous_must_sign_in(client, users, community):
    assert client.get("/communities/new").status_code == 302
    assert "/login" in client.get("/communities/new").headers["Location"]
    login(client, "committee")
    assert client.get("/communities/new").status_code == 403
    assert client.get(f"/communities/{community.id}/households/import").status_code == 403
    assert client.get("/admin/users").status_code == 403
    assert client.get("/questionnaires/").status_code == 403
    assert client.get(f"/communities/{community.id}").status_code == 200


def test_household_list_orders_rooms_as_numbers(client, users):
    """101, 102, 201 … 1001, not 1001, 1002, 101 (rooms are stored as text)."""
    from tests.fixtures.factories import make_community

    community = make_community(name="高层小区", code="tall", buildings=1, floors=11, per_floor=1)
    db.session.commit()
    login(client, "admin")
    page = client.get(f"/communities/{community.id}/households").get_data(as_text=True)
    rooms = [f"{floor}01" for floor in range(1, 12)]
    positions = [page.index(f"<td>{room}</td>") for room in rooms]
    assert positions == sorted(positions)


def test_household_list_names_the_building_and_says_when_empty(client, users, community):
    login(client, "admin")
    building = community.buildings[0]
    page = client.get(f"/communities/{community.id}/households?building={building.id}")
    assert f"· {building.name} (" in page.get_data(as_text=True)
    empty = Community(name="空小区", code="none", address="", company="")
    db.session.add(empty)
    db.session.commit()
    page = client.get(f"/communities/{empty.id}/households").get_data(as_text=True)
    assert "暂无住户" in page
