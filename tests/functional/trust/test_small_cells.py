"""Issue 13 item 5: small-cell suppression on every surface that breaks results down.

The period (conftest.CELLS) has 2号楼 with 2 responses, under the default k = 5, and 3号楼
with 6, the next-smallest: the community total minus the two large buildings would reveal
2号楼 alone, so 3号楼 is hidden with it. Scores per building: 1号楼 100, 2号楼 0, 3号楼 25,
4号楼 75.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

from sqlalchemy import select, update

from survey_app.api.tokens import create_token
from survey_app.extensions import db
from survey_app.reports.models import Report
from survey_app.results import services
from tests.fixtures.acts import two_party
from tests.fixtures.jobs import download

HIDDEN, SHOWN = ("2号楼", "3号楼"), ("1号楼", "4号楼")


def _row(html: str, name: str) -> str:
    """The table row of one building in an HTML page."""
    match = re.search(rf"<tr><td[^>]*>{name}</td>.*?</tr>", html, re.S)
    assert match, name
    return match.group(0)


def test_result_hides_the_small_group_and_its_complement(cells_period):
    result = services.period_result(cells_period)
    assert result.meta["min_cell_size"] == 5
    for name in HIDDEN:
        group = result.groups[name]
        assert group.suppressed and set(group.scores.values()) == {None}
        assert group.n_by_dimension == {}
    for name in SHOWN:
        assert not result.groups[name].suppressed
    assert result.groups["1号楼"].scores["cleaning"] == 100.0
    assert result.groups["4号楼"].scores["cleaning"] == 75.0
    # the response counts are participation, not answers: they stay
    assert result.groups["2号楼"].n == 2


def test_total_minus_shown_groups_reveals_no_single_building(cells_period):
    result = services.period_result(cells_period)
    total = result.dimensions["cleaning"].owner
    shown = [g for g in result.groups.values() if not g.suppressed]
    rest_n = total.n - sum(g.n for g in shown)
    assert rest_n >= 5  # the remainder mixes 2号楼 with 3号楼: 8 responses
    rest_mean = (total.score * total.n - sum(g.scores["cleaning"] * g.n for g in shown)) / rest_n
    assert round(rest_mean, 6) not in (0.0, 25.0)


def test_dashboard_shows_too_few_responses(as_role, cells_period):
    html = as_role("committee").get(
        f"/results/{cells_period.community_id}/{cells_period.id}").get_data(as_text=True)
    for name in HIDDEN:
        row = _row(html, name)
        assert "样本不足" in row and "25.0" not in row and "0.0<" not in row
    assert "100.0" in _row(html, "1号楼") and "样本不足" not in _row(html, "4号楼")
    assert "少于 5" in html or "少于5" in html


def test_api_groups_are_suppressed(client, users, cells_period):
    _token, raw = create_token(users["admin"], "BI", scopes=("published", "unpublished"))
    db.session.commit()
    body = client.get(f"/api/v1/periods/{cells_period.id}/result",
                      headers={"Authorization": f"Bearer {raw}"}).json
    groups = body["result"]["groups"]
    for name in HIDDEN:
        assert groups[name]["suppressed"] is True
        assert set(groups[name]["scores"].values()) == {None}
    assert groups["1号楼"]["scores"]["cleaning"] == 100.0 and not groups["1号楼"]["suppressed"]
    assert body["result"]["meta"]["min_cell_size"] == 5


def test_pdf_report_shows_too_few_responses(app, as_role, cells_period):
    client = as_role("staff")
    response = client.post(f"/reports/{cells_period.community_id}/{cells_period.id}",
                           data={"language": "zh_CN"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    report = db.session.scalar(select(Report))
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = {name: [line for line in text.splitlines() if line.strip().startswith(name)]
             for name in HIDDEN + SHOWN}
    for name in HIDDEN:
        assert lines[name] and all("样本不足" in line for line in lines[name]), lines[name]
        assert all("25.0" not in line for line in lines[name])
    assert any("100.0" in line for line in lines["1号楼"])


def test_building_chart_leaves_hidden_groups_out(app, cells_period):
    from survey_app.reports import charts
    from survey_app.results import pages

    view = pages.period_view(services.period_result(cells_period))
    svg = charts.period_charts(view, [])["buildings"]
    assert "1号楼" in svg and "4号楼" in svg
    assert "2号楼" not in svg and "3号楼" not in svg


def test_csv_export_names_no_small_building(as_role, cells_period):
    body = download(as_role("staff"), f"/surveys/{cells_period.community_id}/{cells_period.id}"
                    "/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    buildings = [row[rows[0].index("楼栋")] for row in rows[1:]]
    assert buildings.count("样本不足") == 8  # 2号楼's 2 and 3号楼's 6 rows, mixed
    assert not set(HIDDEN) & set(buildings)
    assert buildings.count("1号楼") == 8 and buildings.count("4号楼") == 10


def _paper(period, building: str, count: int) -> None:
    """Mark ``count`` of a building's responses as paper questionnaires typed in by staff."""
    from survey_app.communities.models import Building
    from survey_app.surveys.models import Response

    ids = db.session.scalars(select(Response.id).join(Building).where(
        Response.period_id == period.id, Building.name == building)
        .order_by(Response.id).limit(count)).all()
    db.session.execute(update(Response).where(Response.id.in_(ids)).values(channel="paper"))
    db.session.commit()


def test_csv_export_hides_the_channel_where_one_channel_is_a_small_group(as_role,
                                                                        cells_period):
    """Two paper questionnaires in 1号楼: whoever collected them knows the two households, so
    1号楼's rows carry no channel; 4号楼 (6 paper, 4 online: online is small) neither."""
    _paper(cells_period, "1号楼", 2)
    _paper(cells_period, "4号楼", 6)
    body = download(as_role("staff"), f"/surveys/{cells_period.community_id}/{cells_period.id}"
                    "/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    building, channel = rows[0].index("楼栋"), rows[0].index("渠道")
    seen = {}
    for row in rows[1:]:
        seen.setdefault(row[building], set()).add(row[channel])
    assert seen == {"1号楼": {"—"}, "4号楼": {"—"}, "样本不足": {"网上"}}
    _paper(cells_period, "4号楼", 10)  # all ten on paper: no small channel any more
    body = download(as_role("staff"), f"/surveys/{cells_period.community_id}/{cells_period.id}"
                    "/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert {row[channel] for row in rows[1:] if row[building] == "4号楼"} == {"纸质"}


def test_notice_board_has_no_breakdown(client, as_role, cells_period):
    two_party(as_role, cells_period, "publish", proposer="committee", confirmer="staff")
    html = client.get(f"/notice/{cells_period.community_id}").get_data(as_text=True)
    assert "2026-Q4" in html
    for name in HIDDEN + SHOWN:
        assert name not in html


def test_community_k_changes_every_surface(as_role, cells_period):
    staff = as_role("staff")
    url = f"/communities/{cells_period.community_id}/edit"
    form = {"name": "测试小区", "code": "test", "address": "", "company": ""}
    for bad in ("0", "51", "-3", "abc", "2.5"):
        response = staff.post(url, data={**form, "min_cell_size": bad})
        assert response.status_code == 400, bad
        html = response.get_data(as_text=True)
        assert "分组最小样本数（k）：" in html, bad
        assert "1 到 50" in html or bad in ("abc", "2.5")
    db.session.expire_all()
    assert services.period_result(cells_period).groups["2号楼"].suppressed  # nothing saved
    assert staff.post(url, data={**form, "min_cell_size": "2"}).status_code == 302
    db.session.expire_all()
    result = services.period_result(cells_period)
    assert not any(g.suppressed for g in result.groups.values())
    assert result.groups["2号楼"].scores["cleaning"] == 0.0
    staff.post(url, data={**form, "min_cell_size": "7"})
    db.session.expire_all()
    hidden = {n for n, g in services.period_result(cells_period).groups.items() if g.suppressed}
    assert hidden == {"2号楼", "3号楼"}  # 8 hidden responses ≥ 7: nothing more
