"""Issue 16 "Numbers that mislead": what the dashboard, the notice and the PDF say is what the
numbers mean (changes by source, one rectification rule, weights, language, time zone, IPA)."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.inspections.models import Inspection, Rectification
from survey_app.reports.models import Report
from tests.fixtures.acts import two_party
from tests.fixtures.inspections import checklist_version  # noqa: F401  (fixture)
from tests.fixtures.owners import add_responses, uniform
from tests.fixtures.weights import preview_then_save

#: three or more Latin words in a row: an English sentence or phrase in a Chinese report
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:’'()-]+[A-Za-z]{2,}){2,}")


def _dashboard(client, period) -> str:
    return client.get(f"/results/{period.community_id}/{period.id}").get_data(as_text=True)


def _pdf_text(app, client, period, language="zh_CN") -> str:
    response = client.post(f"/reports/{period.community_id}/{period.id}",
                           data={"language": language})
    assert response.status_code == 302, response.get_data(as_text=True)
    report = db.session.scalars(select(Report).order_by(Report.id.desc())).first()
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _cell(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</td>", start)]


# --------------------------------------------------------------------------- item 1


def test_change_beside_combined_is_the_combined_change(as_role, scored, results):
    """Δ beside 综合 is the combined score's change; the owner change is labelled as such."""
    html = _dashboard(as_role("committee"), scored)
    previous = [r for pid, r in results.items() if pid != scored.id][0]
    now = results[scored.id]["dimensions"]["facilities"]["combined"]
    before = previous["dimensions"]["facilities"]["combined"]
    rows = html[html.index("<tbody>", html.index("综合得分变化")):]
    row = rows[rows.index("设施设备"):rows.index("</tr>", rows.index("设施设备"))]
    assert _cell(row, 'class="num combined-change"').endswith(f"{now - before:+.1f}")
    owner = results[scored.id]["deltas"]["facilities"]["delta"]
    assert f"{owner:+.1f}" in _cell(row, 'class="num owner-change"')
    assert "综合得分变化" in html and "业主调查得分变化" in html
    assert ">Δ<" not in html


def test_significance_is_coloured_by_direction(as_role, scored, results):
    deltas = results[scored.id]["deltas"]
    deltas["cleaning"].update(delta=3.0, significant=True)
    deltas["greening"].update(delta=-3.0, significant=True)
    html = _dashboard(as_role("committee"), scored)
    assert "badge-good sig-up" in html and "显著上升" in html
    assert "badge-bad sig-down" in html and "显著下降" in html


# --------------------------------------------------------------------------- item 2


@pytest.fixture
def rectified(scored, users, checklist_version):  # noqa: F811  (fixture imported above)
    """Two signed-inspection tasks (one verified, one open past its due date) and two tasks
    of an unsigned inspection, in `scored`."""
    def inspection(signed: bool) -> Inspection:
        row = Inspection(community_id=scored.community_id, period_id=scored.id,
                         questionnaire_version_id=checklist_version.id, title="季度联合检查",
                         inspection_date=date(2026, 8, 20),
                         status="signed" if signed else "in_progress",
                         signed_revision=1 if signed else None)
        db.session.add(row)
        db.session.flush()
        return row

    def task(insp, status, due, text):
        db.session.add(Rectification(
            community_id=scored.community_id, inspection_id=insp.id, item_id="cl1",
            dimension="cleaning", department="保洁部", description=text, due_date=due,
            status=status))

    signed, draft = inspection(True), inspection(False)
    task(signed, "verified", date(2026, 8, 25), "垃圾桶周边有污渍")
    task(signed, "open", date(2026, 8, 25), "楼道墙面有小广告")
    task(draft, "open", date(2026, 9, 1), "草稿中的问题一")
    task(draft, "open", date(2026, 9, 1), "草稿中的问题二")
    db.session.commit()
    return scored


def test_only_signed_inspections_count_and_overdue_is_marked(as_role, client, app, rectified):
    html = _dashboard(as_role("staff"), rectified)
    table = html[html.index("整改情况"):]
    assert "楼道墙面有小广告" in table and "草稿中的问题" not in table
    assert "1/2" in table[:300]
    row = table[table.index("楼道墙面有小广告"):]
    assert "badge-overdue" in row[:row.index("</tr>")] and "逾期" in row[:row.index("</tr>")]
    text = _pdf_text(app, as_role("staff"), rectified)
    assert "草稿中的问题" not in text and "楼道墙面有小广告" in text
    line = next(line for line in text.splitlines() if "楼道墙面有小广告" in line)
    assert "逾期" in line
    assert "共发起整改 2 项" in text and "逾期 1 项" in text


def test_notice_marks_overdue_rectifications(as_role, client, rectified):
    two_party(as_role, rectified, "publish", proposer="committee", confirmer="staff")
    client.post("/logout")
    html = client.get(f"/notice/{rectified.community_id}").get_data(as_text=True)
    item = html[html.index("楼道墙面有小广告"):]
    assert "逾期" in item[:item.index("</li>")]
    assert "草稿中的问题" not in html


# --------------------------------------------------------------------------- items 3 and 4


@pytest.fixture
def owners_period(period):
    add_responses(period, [uniform(5, "1号楼", 5), uniform(3, "2号楼", 3),
                           uniform(4, "1号楼", 4)])
    db.session.commit()
    return period


def _use_version(community_id, method, details):
    from survey_app.results import schemes

    base = schemes.active_version(community_id)
    scheme = schemes.scheme_of(base)
    version, _created = schemes.store(scheme, weight_method=method,
                                      method_details={"groups": {"_root": details}})
    schemes.set_active(community_id, version)
    db.session.commit()


def _ahp(client, period):
    data = {f"p_{i}_{j}": "3" if i == 0 else "1" for i in range(5) for j in range(i + 1, 5)}
    _preview, response = preview_then_save(
        client, f"/results/{period.community_id}/scheme/ahp/_root", data)
    assert response.status_code == 302


@pytest.mark.parametrize("method, expected", [
    ("direct", "直接赋权"), ("ahp", "层次分析法（AHP）"), ("entropy", "熵权法")])
def test_pdf_names_the_weight_method(app, as_role, owners_period, method, expected):
    staff = as_role("staff")
    if method == "ahp":
        _ahp(staff, owners_period)
    elif method == "entropy":
        _use_version(owners_period.community_id, "entropy",
                     {"method": "entropy", "units": "buildings",
                      "periods": [{"id": owners_period.id, "label": "2026-Q4"}]})
    text = _pdf_text(app, staff, owners_period)
    line = next(line for line in text.splitlines() if "赋权方法" in line)
    assert expected in line, line
    assert "direct" not in text and "entropy" not in text
    assert "不合格 < 60" in text and not re.search(r"≥ 0(?![.\d])", text)
    assert "有效权重" in text
    english = [m.group(0) for m in ENGLISH.finditer(text)]
    assert not english, english


def test_pdf_weights_are_effective_weights(app, as_role, owners_period):
    """A dimension table's weight is the effective weight (M6), and the weighting table
    does not repeat three identical columns."""
    text = _pdf_text(app, as_role("staff"), owners_period)
    method = text[text.index("本报告采用的权重"):text.index("数据来源及权重")]
    header = next(line for line in method.splitlines() if "有效权重" in line)
    assert "全局权重" not in header and "20.0%" in method


def test_english_report_is_english(app, as_role, owners_period):
    text = _pdf_text(app, as_role("staff"), owners_period, "en")
    assert "Methodology" in text and "Conclusion" in text
    cjk = re.findall(r"[\u4e00-\u9fff]+", text)
    names = {"测试小区", "号楼", "测试物业"}  # proper names stay as they are
    assert all(any(n in c or c in n for n in names) for c in cjk), set(cjk) - names


# --------------------------------------------------------------------------- item 5


def test_summary_has_a_conclusion_and_local_time(app, as_role, scored, results, commented):
    before = datetime.now(ZoneInfo("Asia/Shanghai"))
    text = _pdf_text(app, as_role("staff"), scored)
    after = datetime.now(ZoneInfo("Asia/Shanghai"))
    summary = text[text.index("结论"):text.index("测评方法", text.index("结论"))]
    assert "本期综合指数为" in summary and "等级为" in summary
    assert "比 2026-Q3" in summary or "与 2026-Q3 持平" in summary
    assert "表现最好的维度是" in summary
    assert ". " not in summary.split("各维度")[0]  # Chinese punctuation in the sentences
    stamps = {t.strftime("%Y-%m-%d %H:%M") for t in (before, after)}
    assert any(stamp in text for stamp in stamps), stamps
    # the open question has no dimension: one total, no column of zeros per dimension
    assert "业主在开放题中共填写意见 4 条" in text
    comments = text[text.rindex("开放意见"):text.rindex("附录：题项结果")]
    assert "意见数" not in comments


# --------------------------------------------------------------------------- item 8


def test_composite_interval_says_what_it_covers(as_role, scored):
    html = _dashboard(as_role("committee"), scored)
    assert "仅反映业主抽样误差" in html


def test_flat_importance_gives_no_quadrant_advice(as_role, scored, results):
    ipa = results[scored.id]["ipa"]
    ipa.update(importance_spread=0.04, importance_resolution=0.06, importance_flat=True)
    for point in ipa["points"]:
        point["quadrant"] = "concentrate_here"
    html = _dashboard(as_role("committee"), scored)
    assert "无法从本期数据判断业主更看重哪个维度" in html
    assert "应优先改进" not in html and "Concentrate here" not in html


def test_frozen_record_keeps_its_numbers(as_role, scored, results):
    """A result stored before this change (no by-type KPIs, no IPA resolution) still reads."""
    from survey_app.stats import PeriodResult

    data = results[scored.id]
    data["ipa"].pop("importance_flat", None)
    result = PeriodResult.from_dict(data)
    assert result.ipa.importance_flat is False
    assert _dashboard(as_role("committee"), scored).count(
        f"{data['composite']['score']:.1f}") >= 1


def test_now_dates_are_local():
    """The dashboard's overdue rule uses the local date (Asia/Shanghai)."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    from survey_app.inspections.models import rect_overdue

    assert rect_overdue("open", today - timedelta(days=1), today)
    assert not rect_overdue("submitted", today - timedelta(days=1), today)
    assert not rect_overdue("open", today, today)


def test_cached_result_of_an_older_method_is_recomputed(owners_period):
    """A cache row computed under the previous METHOD version is dropped, not served."""
    from survey_app.results import services
    from survey_app.results.models import ResultCache
    from survey_app.stats.result import METHOD_VERSION

    services.period_result(owners_period)
    db.session.commit()
    row = db.session.scalars(select(ResultCache)).first()
    row.result = dict(row.result, meta=dict(row.result["meta"], method_version="old"),
                      composite=dict(row.result["composite"], score=1.0))
    db.session.commit()
    fresh = services.period_result(owners_period)
    assert fresh.meta["method_version"] == METHOD_VERSION and fresh.composite.score != 1.0
    db.session.commit()
    rows = db.session.scalars(select(ResultCache)).all()
    assert all(r.result["meta"]["method_version"] == METHOD_VERSION for r in rows)
