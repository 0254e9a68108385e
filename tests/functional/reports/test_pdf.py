"""PDF reports: generated, stored, downloadable, reproducible, in Chinese with embedded CJK font."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.reports.models import Report


def _generate(client, period, **data):
    return client.post(f"/reports/{period.community_id}/{period.id}",
                       data={"language": "zh_CN", **data})


def _stored(app, report: Report) -> Path:
    return Path(app.config["REPORTS_DIR"]) / report.pdf_path


def test_comments_offered_as_checkboxes_without_household(as_role, scored, commented):
    html = as_role("staff").get(f"/reports/{scored.community_id}/{scored.id}").get_data(
        as_text=True)
    for text, answer_id in commented.items():
        assert f'value="{answer_id}"' in html and text in html
    assert html.count("电梯经常坏") == 1  # the same sentence is offered once
    choices = html[html.index('class="field quote-choices'):]
    choices = choices[:choices.index("</ul>")]
    assert "号楼" not in choices and "household" not in choices.lower()


def test_generate_chinese_report(app, as_role, scored, results, commented, tmp_path):
    client = as_role("staff")
    response = _generate(client, scored, quotes=[commented["电梯经常坏，希望尽快修好。"],
                                                 commented["保安很负责。"]])
    assert response.status_code == 302
    report = db.session.scalar(select(Report))
    path = _stored(app, report)
    assert path.is_file() and report.pages >= 10
    assert len(report.inputs_hash) == 64 and len(report.scheme_sha256) == 64
    assert report.scheme["key"] == results[scored.id]["scheme"]["key"]
    assert report.quotes == ["电梯经常坏，希望尽快修好。", "保安很负责。"]
    assert [q["key"] for q in report.questionnaire_versions] == ["owner_survey"]

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk), fonts

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True).stdout
    composite = f"{results[scored.id]['composite']['score']:.1f}"
    for expected in ("物业服务质量测评报告", "目录", "综合指数", "测评方法", "样本", "各维度结果",
                     "趋势", "重要性–表现分析", "检查与整改", "第三方评估", "开放意见",
                     "附录", "清洁卫生", "设施设备", "随机一致性指标", "电梯经常坏",
                     "保安很负责", "改进诉求",
                     composite, "2026-Q3"):
        assert expected in text, expected
    assert "\ufffd" not in text  # no replacement characters (missing glyphs)

    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")],
                   check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == report.pages


def test_regenerate_reproduces_the_numbers(app, as_role, scored):
    client = as_role("committee")
    assert _generate(client, scored).status_code == 302
    report = db.session.scalar(select(Report))
    first = (report.inputs_hash, report.numbers_hash, report.composite)
    response = client.post(f"/reports/{scored.community_id}/file/{report.id}/regenerate",
                           follow_redirects=True)
    assert "完全相同" in response.get_data(as_text=True) or response.status_code == 200
    db.session.refresh(report)
    assert (report.inputs_hash, report.numbers_hash, report.composite) == first


def test_download_and_other_community(app, as_role, scored, other_community):
    client = as_role("staff")
    _generate(client, scored)
    report = db.session.scalar(select(Report))
    response = client.get(f"/reports/{scored.community_id}/file/{report.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    response.close()
    assert client.get(f"/reports/{other_community.id}/file/{report.id}").status_code == 404


def test_bad_input_saves_nothing(as_role, scored, commented):
    client = as_role("staff")
    response = _generate(client, scored, language="fr")
    assert response.status_code == 400
    response = _generate(client, scored, quotes=list(range(1, 14)))
    assert response.status_code == 400
    assert "12" in response.get_data(as_text=True)
    response = _generate(client, scored, quotes=[999999])
    assert response.status_code == 400 and "引用的业主意见" in response.get_data(as_text=True)
    assert _generate(client, scored, quotes=["abc"]).status_code == 400
    assert db.session.scalar(select(Report)) is None


def test_assessor_cannot_generate(as_role, scored):
    client = as_role("assessor")
    assert _generate(client, scored).status_code == 403


def test_english_report(app, as_role, scored):
    client = as_role("staff")
    _generate(client, scored, language="en")
    report = db.session.scalar(select(Report))
    text = subprocess.run(["pdftotext", str(_stored(app, report)), "-"], capture_output=True,
                          text=True).stdout
    assert "Property service quality assessment report" in text
    assert "Random index RI" in text and "Cleaning" in text
