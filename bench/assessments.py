"""Benchmark: the third-party source loader and the review analysis on a large assessment.

A project of 12 assessors × 200 items (a long sheet), signed off. Times
``load_assessment_data`` (one query over the signed revision) against a baseline that walks
the ORM relationships sheet by sheet (the N+1 way), and the review analysis (spread, ICC, W,
S_3rd,d) against the loader. Prints ratios measured in the same run.

Run: .venv/bin/python bench/assessments.py [items] [assessors]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from survey_app import create_app  # noqa: E402
from survey_app.assessments import review, scoring, services  # noqa: E402
from survey_app.assessments.data import load_assessment_data  # noqa: E402
from survey_app.auth.services import create_user  # noqa: E402
from survey_app.communities.models import Community, Period  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.questionnaires.loader import parse_definition  # noqa: E402
from survey_app.questionnaires.services import publish  # noqa: E402


def _sheet_yaml(n_items: int) -> str:
    dims = ("cleaning", "greening", "security", "facilities", "service")
    lines = ["key: bench_tp", "kind: third_party", 'version: "b1"', "title: 基准评分表",
             "dimensions:"] + [f"  - {{key: {d}, label: {d}}}" for d in dims] + ["sections:"]
    for d in dims:
        lines += [f"  - id: {d}", f"    dimension: {d}", f"    title: {d}", "    items:"]
        lines += [f"      - {{id: {d[:3]}{i}, type: points, max_points: 5, text: 项目{i}}}"
                  for i in range(n_items // len(dims))]
    return "\n".join(lines)


def _setup(n_items: int, n_assessors: int):
    rng = random.Random(1)
    community = Community(name="基准小区", code="bench")
    db.session.add(community)
    db.session.flush()
    from datetime import date

    period = Period(community_id=community.id, label="2026-Q4", start_date=date(2026, 10, 1),
                    end_date=date(2026, 12, 31), status="open")
    db.session.add(period)
    version, _ = publish(parse_definition(_sheet_yaml(n_items)))
    users = [create_user(f"a{j}", "bench-password", "assessor", [community.id])
             for j in range(n_assessors)]
    org = services.create_organisation(name="基准评估公司")
    project = services.create_project(period, organisation_id=org.id, version_id=version.id,
                                      assessor_ids=[u.id for u in users], lead_id=users[0].id)
    items = services.scored_items(version)
    for sheet in project.sheets:
        entries = {i.id: scoring.Entry(points=str(rng.randint(2, 5))) for i in items}
        scoring.save_sheet(sheet, entries, submit=True)
    review.sign_off(project, strengths="s", problems="p", recommendations="r")
    db.session.commit()
    return period.id, project.id


def _naive(project_id: int) -> np.ndarray:
    """Baseline: walk project → sheets → scores through the ORM (one query per sheet)."""
    db.session.expire_all()
    project = db.session.get(services.AssessmentProject, project_id)
    items = services.scored_items(project.questionnaire_version)
    index = {i.id: n for n, i in enumerate(items)}
    out = np.full((len(items), len(project.sheets)), np.nan)
    for j, sheet in enumerate(project.sheets):
        for score in sheet.scores:
            out[index[score.item_id], j] = np.nan if score.points is None else score.points
    return out


def _time(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main(n_items: int = 200, n_assessors: int = 12) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "DATABASE_URL": f"sqlite:///{tmp}/bench.db"})
        with app.app_context():
            db.create_all()
            period_id, project_id = _setup(n_items, n_assessors)

            def loader():
                db.session.expire_all()
                return load_assessment_data(period_id)

            assert np.array_equal(loader().scores, _naive(project_id), equal_nan=True)
            t_loader, t_naive = _time(loader), _time(lambda: _naive(project_id))
            project = db.session.get(services.AssessmentProject, project_id)
            t_analysis = _time(lambda: review.analyse(
                project, *review.revision_scores(project.revisions[-1])))
            db.session.remove()
            db.engine.dispose()
    print(f"assessment {n_items} items × {n_assessors} assessors")
    print(f"  loader (one query)      {1000 * t_loader:8.1f} ms")
    print(f"  baseline (ORM walk)     {1000 * t_naive:8.1f} ms   ratio baseline/loader "
          f"{t_naive / t_loader:5.2f}")
    print(f"  review analysis         {1000 * t_analysis:8.1f} ms   ratio analysis/loader "
          f"{t_analysis / t_loader:5.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
