"""Issue 16 item 15 in the PDF report: each technical term in plain Chinese, with the
abbreviation beside it in small type, as the pages say it: NPS → 推荐意愿净值,
95% CI → 可信范围, ICC(2,k) → 评估员评分一致性 / 平均分的一致性, Δ → 变化, p → p 值.
The text is read back from the PDF with pdftotext in content order (-raw), so table
headers wrapped in narrow columns stay whole."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.reports.models import Report

#: set SURVEY_APP_KEEP_PDF=<folder> to keep the generated report for a look
KEEP = os.environ.get("SURVEY_APP_KEEP_PDF")

#: abbreviation → the plain words that must come first on the same line
PLAIN = {"NPS": ("推荐意愿净值",), "95% CI": ("可信范围",),
         "ICC(2,k)": ("评估员评分一致性", "平均分的一致性", "平均分"),
         "Mann–Whitney": ("曼-惠特尼检验", "秩和检验"), "Welch": ("韦尔奇", "t 检验")}


def _report(app, client, period, language="zh_CN") -> str:
    """Generate the report and return pdftotext's text of it."""
    response = client.post(f"/reports/{period.community_id}/{period.id}",
                           data={"language": language})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    report = db.session.scalars(select(Report).order_by(Report.id.desc())).first()
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    if KEEP:
        shutil.copy(path, Path(KEEP) / f"report-{language}.pdf")
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _unexplained(text: str) -> list[str]:
    """Places where an abbreviation appears without its plain words just before it.

    Whitespace is removed first, so a table header wrapped over two lines still reads as one.
    """
    flat = re.sub(r"\s+", "", text)
    bad = []
    for abbr, words in PLAIN.items():
        for match in re.finditer(re.escape(abbr.replace(" ", "")), flat):
            before = flat[max(0, match.start() - 40):match.start()]
            if not any(w.replace(" ", "") in before for w in words):
                bad.append(f"{abbr}: …{flat[max(0, match.start() - 40):match.end() + 10]}")
    return bad


def test_every_abbreviation_follows_its_plain_words(app, as_role, scored, results):
    text = _report(app, as_role("staff"), scored)
    for words in ("推荐意愿净值", "可信范围", "评估员评分一致性", "变化", "p 值"):
        assert words in text, words
    assert "Δ" not in text
    assert not _unexplained(text), _unexplained(text)


def test_english_report_keeps_its_own_words(app, as_role, scored, results):
    text = _report(app, as_role("staff"), scored, "en")
    assert "likely range" in text and "推荐意愿净值" not in text
