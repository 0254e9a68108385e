"""Issue 14 item 1: closing freezes the result of record; nothing changes it afterwards (new
weights, a new scheme, late data) on any surface; a two-party reopen makes revision 2."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from sqlalchemy import select

from survey_app.api.tokens import create_token
from survey_app.extensions import db
from survey_app.reports.models import Report
from survey_app.results import records, schemes
from survey_app.results import services as results
from survey_app.results.models import PeriodRecord
from tests.fixtures.acts import two_party
from tests.fixtures.owners import add_responses, respondent
from tests.fixtures.weights import preview_then_save

DIMS = ("cleaning", "greening", "security", "facilities", "service")


def _tile(html: str) -> str:
    """The composite index of a dashboard or notice (the main tile)."""
    return re.search(r'class="tile main"><b>([^<]+)</b>', html).group(1)


def _pdf_text(app, client, period) -> str:
    """Generate a Chinese report and return its text (pdftotext), without the run time."""
    response = client.post(f"/reports/{period.community_id}/{period.id}",
                           data={"language": "zh_CN"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    report = db.session.scalar(select(Report).order_by(Report.id.desc()).limit(1))
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "", text)  # the generation time


def _surfaces(app, client, as_role, q3, q4, headers) -> dict:
    """What each surface shows for Q3 (Q4 shows Q3 in its trend)."""
    staff = as_role("staff")
    api = client.get(f"/api/v1/periods/{q3.id}/result", headers=headers).get_json()
    return {
        "dashboard": _tile(staff.get(f"/results/{q3.community_id}/{q3.id}").get_data(
            as_text=True)),
        "details": "综合指数" in staff.get(
            f"/results/{q3.community_id}/periods/{q3.id}").get_data(as_text=True),
        "api": api["result"]["composite"],
        "notice": _tile(client.get(f"/notice/{q3.community_id}").get_data(as_text=True)),
        "trend": [p.composite for p in results.trend(q4)][:1],
        "pdf": _pdf_text(app, staff, q3),
        "pdf_trend": "2026-Q3" in _pdf_text(app, staff, q4),
        "ranking": [r.composite for r in results.ranking(None)[0]],
    }


def test_new_weights_new_scheme_and_late_data_change_no_surface(app, client, as_role, users,
                                                              quarters):
    q3, q4 = quarters
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish", proposer="committee", confirmer="staff")
    _row, raw = create_token(users["admin"], "测试系统", scopes=("published", "unpublished"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    frozen = db.session.scalar(select(PeriodRecord)).result["composite"]["score"]
    before = _surfaces(app, client, as_role, q3, q4, headers)
    assert before["dashboard"] == before["notice"] == f"{frozen:.1f}"
    assert before["trend"] == [frozen] and f"{frozen:.1f}" in before["pdf"]
    meta = client.get(f"/api/v1/periods/{q3.id}/result", headers=headers).get_json()[
        "result"]["meta"]
    assert meta["record"]["revision"] == 1 and len(meta["record"]["inputs_hash"]) == 64

    staff = as_role("staff")
    weights = {f"w_{d}": v for d, v in zip(DIMS, (70, 5, 5, 15, 5), strict=True)}
    _page, saved = preview_then_save(staff, f"/results/{q3.community_id}/scheme/direct/_root",
                                     weights)
    assert saved.status_code == 302
    moved = results.what_if(q3, schemes.active_version(q3.community_id)).composite.score
    assert abs(moved - frozen) > 0.5  # the new weights would move the index
    add_responses(q3, [respondent(dict.fromkeys(DIMS, 1), "2号楼", 1)] * 3)  # late data
    db.session.commit()
    assert _surfaces(app, client, as_role, q3, q4, headers) == before

    staff.post(f"/results/{q3.community_id}/scheme/publish")
    tree = schemes.latest("gbt45698")
    assert staff.post(f"/results/{q3.community_id}/scheme/active",
                      data={"scheme_version_id": tree.id}).status_code == 302
    db.session.commit()
    assert _surfaces(app, client, as_role, q3, q4, headers) == before


def test_what_if_is_labelled_and_not_stored(as_role, quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    staff = as_role("staff")
    staff.post(f"/results/{q3.community_id}/scheme/publish")
    tree = schemes.latest("gbt45698")
    staff.post(f"/results/{q3.community_id}/scheme/active", data={"scheme_version_id": tree.id})
    plain = staff.get(f"/results/{q3.community_id}/periods/{q3.id}").get_data(as_text=True)
    assert f"?scheme={tree.id}" in plain  # the record's page offers the what-if view
    html = staff.get(f"/results/{q3.community_id}/periods/{q3.id}?scheme={tree.id}").get_data(
        as_text=True)
    assert "假设分析（非正式结果）" in html
    plain = staff.get(f"/results/{q3.community_id}/periods/{q3.id}").get_data(as_text=True)
    assert "假设分析（非正式结果）" not in plain and "第1版" in plain
    assert len(db.session.scalars(select(PeriodRecord)).all()) == 1


def test_reopen_makes_revision_two_with_its_reason_and_keeps_revision_one(client, as_role,
                                                                        quarters):
    q3, _q4 = quarters
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish")
    first = db.session.scalar(select(PeriodRecord)).result["composite"]["score"]
    two_party(as_role, q3, "reopen", proposer="committee", confirmer="staff",
              reason="3号楼问卷漏录，补录后重新计算")
    db.session.refresh(q3)
    assert q3.status == "open"
    assert "2026-Q3" not in client.get(f"/notice/{q3.community_id}").get_data(as_text=True)
    add_responses(q3, [respondent(dict.fromkeys(DIMS, 5), "2号楼", 5)] * 3)
    db.session.commit()
    two_party(as_role, q3, "close")
    two_party(as_role, q3, "publish", proposer="committee", confirmer="staff")
    revisions = records.records_of(q3.id)
    assert [r.revision for r in revisions] == [2, 1]
    assert revisions[0].reason == "3号楼问卷漏录，补录后重新计算"
    assert revisions[1].superseded_at is not None
    second = revisions[0].result["composite"]["score"]
    assert second != first

    client.post("/logout")
    notice = client.get(f"/notice/{q3.community_id}").get_data(as_text=True)
    assert "第2版：3号楼问卷漏录，补录后重新计算" in notice
    assert _tile(notice) == f"{second:.1f}"
    history = client.get(f"/notice/{q3.community_id}/periods/{q3.id}/history").get_data(
        as_text=True)
    assert f"{first:.1f}" in history and f"{second:.1f}" in history
    old = as_role("committee").get(
        f"/results/{q3.community_id}/periods/{q3.id}?revision=1").get_data(as_text=True)
    assert f"{first:.1f}" in old and "已被取代" in old
