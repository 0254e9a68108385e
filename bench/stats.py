"""Benchmark: database → full period result (issue 4).

Stores one period in a temporary SQLite database with the real feature models: 50,000 owner
responses × 30 Likert items (plus the overall item), 4 signed joint inspections and a signed
third-party assessment by 3 assessors. Then measures

  1. the results service from the database to the full result, bootstrap B = 2000 included
     (cold: nothing cached), and the peak memory of that computation (tracemalloc);
  2. the scores without the bootstrap, as a ratio to a NumPy reference that reads the same
     owner answers with one SQL query and computes the dimension means (M2) in NumPy.

Goals: full result < 2 s, ratio ≤ 1.5, peak < 500 MB.  Run:  .venv/bin/python bench/stats.py
Options: --responses N (default 50000), --repeat R (default 3, best of R is reported).
"""

from __future__ import annotations

import argparse
import copy
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import numpy as np
import yaml
from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey_app import create_app  # noqa: E402
from survey_app.extensions import db  # noqa: E402

DIMS = ("cleaning", "greening", "security", "facilities", "service")
PREFIX = {"cleaning": "cl", "greening": "gr", "security": "se", "facilities": "fa",
          "service": "cs"}


def owner_definition():
    """The owner questionnaire with a sixth Likert item per dimension: 30 scored items."""
    from survey_app.questionnaires.loader import parse_definition

    data = yaml.safe_load((ROOT / "questionnaires" / "owner_survey.yaml").read_text("utf-8"))
    data["key"], data["version"] = "owner_bench", "bench.1"
    for section in data["sections"]:
        if section.get("dimension") in DIMS:
            extra = copy.deepcopy(section["items"][0])
            extra["id"] = PREFIX[section["dimension"]] + "6"
            section["items"].append(extra)
    return parse_definition(yaml.safe_dump(data, allow_unicode=True), "owner_bench.yaml")


def publish(name: str):
    from survey_app.questionnaires.loader import load_definition
    from survey_app.questionnaires.services import publish as freeze

    return freeze(load_definition(ROOT / "questionnaires" / name))[0]


def seed_owner(period, building_ids, n: int, rng) -> list[str]:
    """n submitted responses with 30 Likert answers + overall; ~5 % 不适用, ~3 % blank."""
    from survey_app.questionnaires.services import publish as freeze
    from survey_app.surveys.models import Answer, Response, Survey

    version = freeze(owner_definition())[0]
    survey = Survey(community_id=period.community_id, period_id=period.id,
                    questionnaire_version_id=version.id, token="benchtoken",
                    access_mode="open", status="open")
    db.session.add(survey)
    db.session.flush()
    now = datetime(2026, 11, 1)
    db.session.execute(insert(Response), [
        {"survey_id": survey.id, "period_id": period.id, "household_key": f"h{i:06d}",
         "building_id": int(building_ids[i % len(building_ids)]), "channel": "web",
         "status": "submitted", "started_at": now, "submitted_at": now} for i in range(n)])
    response_ids = [r for (r,) in db.session.execute(
        text("SELECT id FROM survey_response WHERE survey_id = :s ORDER BY id"), {"s": survey.id})]
    items = [f"{PREFIX[d]}{k}" for d in DIMS for k in range(1, 7)] + ["overall"]
    mood = rng.normal(3.9, 0.6, n)  # each owner's general mood, so items correlate
    batch = []
    for index, response_id in enumerate(response_ids):
        values = np.clip(np.rint(mood[index] + rng.normal(0, 0.7, len(items))), 1, 5)
        draws = rng.random(len(items))
        for item, value, draw in zip(items, values, draws, strict=True):
            if draw < 0.03 and item != "overall":
                continue  # left blank
            na = draw < 0.08 and item != "overall"
            batch.append({"response_id": response_id, "item_id": item,
                          "value": None if na else float(value), "is_na": na})
        if len(batch) >= 200_000:
            db.session.execute(insert(Answer), batch)
            batch = []
    if batch:
        db.session.execute(insert(Answer), batch)
    return items


def seed_inspections(period, user, rng) -> None:
    """4 signed joint inspections scoring every checklist item."""
    from survey_app.inspections.models import Inspection, ItemScore

    version = publish("joint_inspection.yaml")
    definition = version.parsed
    items = [i for i in definition.items() if i.type == "points" and i.max_points]
    for k in range(4):
        inspection = Inspection(community_id=period.community_id, period_id=period.id,
                                questionnaire_version_id=version.id, kind="quarterly",
                                title=f"联合检查 {k + 1}", inspection_date=date(2026, 10, 5 + 7 * k),
                                status="signed", revision=1, signed_revision=1,
                                created_by_id=user.id)
        db.session.add(inspection)
        db.session.flush()
        db.session.execute(insert(ItemScore), [
            {"inspection_id": inspection.id, "revision": 1, "item_id": item.id,
             "dimension": definition.dimension_of(item) or "", "max_points": item.max_points,
             "pass_line": item.pass_line if item.pass_line is not None else item.max_points,
             "mode": "points",
             "awarded": float(min(item.max_points, max(0, round(item.max_points
                                                                * rng.uniform(0.6, 1.0))))),
             "scored_by_id": user.id} for item in items])


def seed_assessment(period, lead, assessors, rng) -> None:
    """A signed third-party assessment: 3 assessors' sheets and the signed revision."""
    from survey_app.assessments.models import (
        AssessmentProject,
        AssessmentRevision,
        AssessorOrganisation,
        AssessorSheet,
        RevisionScore,
        SheetScore,
    )

    version = publish("third_party.yaml")
    items = [i for i in version.parsed.items() if i.type == "points" and i.max_points]
    org = AssessorOrganisation(name="示范评估机构")
    db.session.add(org)
    db.session.flush()
    project = AssessmentProject(community_id=period.community_id, period_id=period.id,
                                organisation_id=org.id, questionnaire_version_id=version.id,
                                lead_id=lead.id, status="signed", revision=1)
    db.session.add(project)
    db.session.flush()
    revision = AssessmentRevision(project_id=project.id, number=1, signed_by_id=lead.id)
    db.session.add(revision)
    db.session.flush()
    truth = {item.id: rng.uniform(0.65, 0.95) for item in items}
    for assessor in assessors:
        sheet = AssessorSheet(project_id=project.id, assessor_id=assessor.id, status="submitted")
        db.session.add(sheet)
        db.session.flush()
        points = {item.id: float(np.clip(round(item.max_points * (truth[item.id]
                                                                   + rng.normal(0, 0.05)), 1),
                                         0, item.max_points)) for item in items}
        db.session.execute(insert(SheetScore), [
            {"sheet_id": sheet.id, "item_id": k, "points": v} for k, v in points.items()])
        db.session.execute(insert(RevisionScore), [
            {"revision_id": revision.id, "assessor_id": assessor.id, "item_id": k, "points": v}
            for k, v in points.items()])


def seed(n: int):
    """The whole fixture; returns the period."""
    from survey_app.communities.models import Building
    from survey_app.communities.services import touch_period
    from tests.factories import make_community, make_period

    rng = np.random.default_rng(2026)
    community = make_community(name="基准小区", code="bench", buildings=20, floors=1, per_floor=1)
    period = make_period(community)
    building_ids = [b.id for b in db.session.query(Building).filter_by(community_id=community.id)]
    users = make_users()
    seed_owner(period, building_ids, n, rng)
    seed_inspections(period, users[0], rng)
    seed_assessment(period, users[0], users[1:], rng)
    touch_period(period.id)
    db.session.commit()
    return period


def make_users() -> list:
    """A lead and three assessors (no password hashing: the benchmark never logs in)."""
    from survey_app.auth.models import User

    users = [User(username=name, password_hash="!", display_name=name)
             for name in ("lead", "assessor1", "assessor2", "assessor3")]
    db.session.add_all(users)
    db.session.flush()
    return users


def reference_scores(period_id: int) -> dict[str, float]:
    """NumPy reference: one SQL query for the owner answers, then M2 dimension means."""
    rows = db.session.connection().exec_driver_sql(
        "SELECT a.response_id, a.item_id, a.value FROM survey_answer a "
        "JOIN survey_response r ON r.id = a.response_id "
        "WHERE r.period_id = ? AND r.status = 'submitted' AND a.is_na = 0 "
        "AND a.value IS NOT NULL", (period_id,)).fetchall()
    response, item, value = zip(*rows, strict=True)
    response = np.asarray(response)
    value = np.asarray(value, dtype=float)
    dim_of = {f"{PREFIX[d]}{k}": j for j, d in enumerate(DIMS) for k in range(1, 7)}
    dim = np.fromiter((dim_of.get(i, -1) for i in item), dtype=np.int64, count=len(item))
    keep = dim >= 0
    _ids, row = np.unique(response[keep], return_inverse=True)
    cell = row * len(DIMS) + dim[keep]
    size = (row.max() + 1) * len(DIMS)
    score = 25.0 * (value[keep] - 1.0)
    sums = np.bincount(cell, score, size).reshape(-1, len(DIMS))
    counts = np.bincount(cell, minlength=size).reshape(-1, len(DIMS))
    with np.errstate(invalid="ignore"):
        r = sums / counts
    return {d: float(np.nanmean(r[:, j])) for j, d in enumerate(DIMS)}


def best_of(repeat: int, fn):
    """(best seconds, last value) over `repeat` runs."""
    best, value = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - started)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench",
                          "UPLOAD_DIR": f"{tmp}/u", "REPORTS_DIR": f"{tmp}/r"})
        with app.test_request_context("/"):
            db.create_all()
            started = time.perf_counter()
            period = seed(args.responses)
            print(f"stored {args.responses} owner responses × 30 items, 4 inspections, "
                  f"3 assessors' sheets in {time.perf_counter() - started:.1f} s")
            run(period, args.repeat)


def run(period, repeat: int) -> None:
    from survey_app.results import schemes, services
    from survey_app.results.models import ResultCache

    version = schemes.ensure_default()
    db.session.commit()

    def cold_full():
        db.session.query(ResultCache).delete()
        return services.period_result(period, version)

    full_s, result = best_of(repeat, cold_full)
    db.session.commit()
    warm_s, _ = best_of(repeat, lambda: services.period_result(period, version))
    db.session.query(ResultCache).delete()
    tracemalloc.start()
    services.compute(period, version)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scores_s, data = best_of(repeat, lambda: services.compute(period, version, bootstrap=False))
    ref_s, ref = best_of(repeat, lambda: reference_scores(period.id))
    for d in DIMS:  # the comparison is only fair if both compute the same numbers
        assert abs(data["dimensions"][d]["owner"]["score"] - ref[d]) < 1e-9, d
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = scores_s / ref_s
    print(f"sources loaded: {', '.join(result.meta['sources_loaded'])}; "
          f"respondents {result.meta['owner_respondents']}; "
          f"composite {result.composite.score:.2f} CI {result.composite.ci[0]:.2f}–"
          f"{result.composite.ci[1]:.2f}")
    print(f"full result, DB → result with bootstrap B={result.meta['n_boot']} (cold): "
          f"{full_s:.2f} s   goal < 2 s   {'OK' if full_s < 2 else 'MISSED'}")
    print(f"cached result (warm): {warm_s * 1000:.1f} ms")
    print(f"peak memory of one computation (tracemalloc): {peak / 2**20:.0f} MB   goal < 500 MB"
          f"   {'OK' if peak < 500 * 2**20 else 'MISSED'}   (process max RSS {rss:.0f} MB, "
          "seeding included)")
    print(f"scores without bootstrap: {scores_s:.2f} s; NumPy reference (one SQL query): "
          f"{ref_s:.2f} s; ratio {ratio:.2f}   goal ≤ 1.5   {'OK' if ratio <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
