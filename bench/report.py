"""Benchmark: the full PDF report of a period with 50,000 owner responses.

Data (engine on 50,000 × 10 answers, 2,000 bootstrap replicates, with a previous period),
charts and HTML are timed separately from WeasyPrint. Goals: total < 5 s, and the work
before WeasyPrint at most half of the total. The data is built as arrays (the source loaders'
output), not inserted into a database.

Run: .venv/bin/python bench/report.py [responses]
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "functional" / "reports")]

import sample  # noqa: E402

from survey_app import create_app  # noqa: E402
from survey_app.reports import items, pdf  # noqa: E402
from survey_app.stats.engine import compute_period_result  # noqa: E402
from survey_app.stats.inputs import DEFAULT_SCHEME  # noqa: E402


def main(n: int = 50_000) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "DATABASE_URL": "sqlite:///:memory:"})
    owner = sample.owner_data(n, seed=1, buildings=20)
    previous = sample.owner_data(n, shift=-0.2, seed=2, buildings=20)
    community = SimpleNamespace(name="阳光花园", company="示例物业服务有限公司")
    period = SimpleNamespace(label="2026-Q4", start_date=date(2026, 10, 1),
                             end_date=date(2026, 12, 31))
    with app.app_context():
        started = time.perf_counter()
        result = compute_period_result(DEFAULT_SCHEME, owner=owner,
                                       inspection=sample.inspection_data(),
                                       third_party=sample.assessment_data(),
                                       previous_owner=previous).to_dict()
        older = compute_period_result(DEFAULT_SCHEME, owner=previous, bootstrap=False).to_dict()
        tables = items.item_tables({"owner": owner, "inspection": sample.inspection_data(),
                                    "third_party": sample.assessment_data()})
        data_done = time.perf_counter()
        doc = pdf.ReportInput(community, period, result,
                              [("2026-Q3", older), ("2026-Q4", result)], tables,
                              quotes=["电梯经常坏，希望尽快修好。"],
                              meta={"inputs_hash": "0" * 64})
        rendered = pdf.write_pdf(doc)
        total = time.perf_counter() - started
    before = (data_done - started) + rendered.prepare_seconds
    print(f"responses:                 {n}")
    print(f"pages:                     {rendered.pages}")
    print(f"data (engine + items):     {data_done - started:.2f} s")
    print(f"charts + HTML:             {rendered.prepare_seconds:.2f} s")
    print(f"WeasyPrint (baseline):     {rendered.weasy_seconds:.2f} s")
    print(f"before WeasyPrint:         {before:.2f} s")
    print(f"total:                     {total:.2f} s  (goal < 5 s)")
    print(f"ratio before/total:        {before / total:.2f}  (goal ≤ 0.50)")
    print(f"ratio before/WeasyPrint:   {before / rendered.weasy_seconds:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
