"""Benchmark: the full PDF report of a period with 50,000 owner responses, database → PDF.

Set-up (not timed): a temporary SQLite database built through the real models: the
questionnaires, a community of 20 buildings and 111,200 households, two closed quarters each
with an owner survey of 50,000 submitted responses (25 Likert items, overall, NPS, the
'improve' choice and comments, bulk inserts), and the inspections, third-party assessments,
tickets and scheme of the feature demo steps.

Timed: ``survey_app.reports.services.generate_report`` from a cold result cache, split into
data (the results service on both quarters + the report's own source load, item tables and
words), charts + HTML, and WeasyPrint; then the same report again with the results cached
(what a user meets after opening the dashboard). Wall and CPU seconds are printed; the machine
is shared, so compare the parts of one run. Goals: total < 5 s; before WeasyPrint ≤ half.

Run: .venv/bin/python bench/report.py [responses]
     BENCH_DATABASE_URL=postgresql://… .venv/bin/python bench/report.py   (empty database;
     its tables are dropped before and after)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey_app import create_app, demo, features  # noqa: E402
from survey_app.communities.models import Building, Community, Household, Period  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.questionnaires.services import publish_directory  # noqa: E402
from survey_app.reports import pdf, services  # noqa: E402
from survey_app.surveys import vectors  # noqa: E402
from survey_app.surveys.models import Answer, Response, Survey  # noqa: E402
from survey_app.surveys.services import household_key  # noqa: E402

BUILDINGS = 20
HOUSEHOLDS_PER_BUILDING = 5_560
CHUNK = 5_000
COMMENTS = ("电梯经常故障，老人上下楼很不方便，希望尽快更换。", "楼道保洁很认真，给保洁阿姨点赞！",
            "外来车辆乱停，消防通道经常被占用。", "希望公开物业费收支和公共收益情况。",
            "中心花园有黄土裸露，希望补种。")


def _community() -> Community:
    community = Community(name="阳光花园", code="bench", address="杭州市西湖区文三路 88 号",
                          company="示范物业服务有限公司")
    db.session.add(community)
    db.session.flush()
    for b in range(1, BUILDINGS + 1):
        building = Building(community=community, name=f"{b}号楼", sort_key=b)
        db.session.add(building)
        db.session.flush()
        db.session.execute(insert(Household), [
            {"community_id": community.id, "building_id": building.id, "unit": str(1 + k % 4),
             "room": f"{1 + k // 8}{k % 8:02d}"} for k in range(HOUSEHOLDS_PER_BUILDING)])
    for label, start, end in (("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
                              ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))):
        db.session.add(Period(community_id=community.id, label=label, start_date=start,
                              end_date=end, status="closed"))
    db.session.flush()
    return community


def _survey(period: Period, version, n: int, shift: float, rng) -> None:
    """n submitted responses with vectorised answers, inserted in chunks."""
    survey = Survey(community_id=period.community_id, period_id=period.id,
                    questionnaire_version_id=version.id, token=f"bench{period.id}",
                    access_mode="codes", status="closed")
    db.session.add(survey)
    db.session.flush()
    definition = version.parsed
    likert = [i.id for i in definition.items() if i.type == "likert" and i.role != "overall"]
    households = db.session.execute(select(Household.id, Household.building_id).where(
        Household.community_id == period.community_id).order_by(Household.id)).all()
    chosen = rng.choice(len(households), size=n, replace=False)
    for lo in range(0, n, CHUNK):
        rows = [households[i] for i in chosen[lo:lo + CHUNK]]
        ids = list(db.session.scalars(insert(Response).returning(
            Response.id, sort_by_parameter_order=True), [
            {"survey_id": survey.id, "period_id": period.id, "channel": "web",
             "household_key": household_key(survey.id, hid), "building_id": bid,
             "status": "submitted"} for hid, bid in rows]))
        answers = _answers(ids, likert, shift, rng)
        db.session.execute(insert(Answer.__table__), answers)
        vectors.store_for_rows(definition, answers)  # what submitting writes


def _answers(ids: list[int], likert: list[str], shift: float, rng) -> list[dict]:
    m = len(ids)
    mood = 3.5 + shift + rng.normal(0, 0.6, m)
    values = np.clip(np.rint(mood[:, None] + rng.normal(0, 0.6, (m, len(likert)))), 1, 5)
    na = rng.random((m, len(likert))) < 0.04
    overall = np.clip(np.rint(values.mean(axis=1) + rng.normal(0, 0.4, m)), 1, 5)
    nps = np.clip(np.rint(2.3 * overall - 1.5 + rng.normal(0, 1.2, m)), 0, 10)
    comment = rng.random(m) < 0.16
    out = []
    for r, rid in enumerate(ids):
        out += [{"response_id": rid, "item_id": item, "value": None if na[r, j] else
                 float(values[r, j]), "text": None, "is_na": bool(na[r, j])}
                for j, item in enumerate(likert)]
        out.append({"response_id": rid, "item_id": "overall", "value": float(overall[r]),
                    "text": None, "is_na": False})
        out.append({"response_id": rid, "item_id": "nps", "value": float(nps[r]), "text": None,
                    "is_na": False})
        if overall[r] <= 3:
            out.append({"response_id": rid, "item_id": "improve", "value": None,
                        "text": "facilities" if r % 3 else "cleaning,facilities", "is_na": False})
        if comment[r]:
            out.append({"response_id": rid, "item_id": "comment", "value": None,
                        "text": COMMENTS[r % len(COMMENTS)], "is_na": False})
    return out


def build(n: int) -> int:
    """Fill the database; returns the id of the period to report on."""
    db.create_all()
    versions = {v.kind: v for v in publish_directory()}
    community = _community()
    periods = list(community.periods)
    rng = np.random.default_rng(20261123)
    for period, shift in zip(periods, (-0.15, 0.0), strict=True):
        _survey(period, versions["owner_survey"], n, shift, rng)
    context = demo.DemoContext(community, periods, demo._users(community))
    for feature, step in features.demo_steps():
        if feature in ("inspections", "assessments", "feedback"):
            step(context)
    from survey_app.results import schemes

    schemes.publish_files()
    schemes.set_active(community.id, schemes.latest(schemes.DEFAULT_KEY))
    db.session.commit()
    return periods[-1].id


class Clock:
    """Wall and CPU time of named stages."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def add(self, name: str, wall: float, cpu: float) -> None:
        self.wall[name] = self.wall.get(name, 0.0) + wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu


def timed_report(period_id: int) -> tuple[Clock, object]:
    """generate_report with its stages timed (the PDF stage reports its own split)."""
    clock = Clock()
    real_write = services.write_pdf

    def write(doc):
        rendered = real_write(doc)
        clock.add("charts + HTML", rendered.prepare_seconds, rendered.prepare_cpu)
        clock.add("WeasyPrint", rendered.weasy_seconds, rendered.weasy_cpu)
        return rendered

    services.write_pdf = write
    try:
        period = db.session.get(Period, period_id)
        w0, c0 = time.perf_counter(), time.process_time()
        report = services.generate_report(period, "zh_CN", ())
        db.session.commit()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    finally:
        services.write_pdf = real_write
    clock.add("data", wall - sum(clock.wall.values()), cpu - sum(clock.cpu.values()))
    clock.add("total", wall, cpu)
    return clock, report


def show(title: str, clock: Clock, report) -> None:
    before_w = clock.wall["data"] + clock.wall["charts + HTML"]
    before_c = clock.cpu["data"] + clock.cpu["charts + HTML"]
    print(f"{title}: {report.pages} pages, {report.pdf_bytes // 1024} KiB")
    for name in ("data", "charts + HTML", "WeasyPrint", "total"):
        print(f"  {name:<18} wall {clock.wall[name]:6.2f} s   cpu {clock.cpu[name]:6.2f} s")
    print(f"  before WeasyPrint  wall {before_w:6.2f} s   cpu {before_c:6.2f} s")
    print(f"  ratio before/total (baseline: the whole report of the same run): "
          f"wall {before_w / clock.wall['total']:.2f}, cpu {before_c / clock.cpu['total']:.2f}"
          f"  (goal ≤ 0.50)")
    print(f"  total: {'meets' if clock.wall['total'] < 5 else 'misses'} the 5 s goal (wall)"
          f" · cpu {clock.cpu['total']:.2f} s")


def main(n: int = 50_000) -> None:
    url = os.environ.get("BENCH_DATABASE_URL")  # an empty PostgreSQL database, for comparison
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "DATABASE_URL": url or f"sqlite:///{tmp}/bench.db",
                          "REPORTS_DIR": f"{tmp}/reports"})
        with app.test_request_context():
            print(f"database: {db.engine.dialect.name}")
            started = time.perf_counter()
            if url:
                db.drop_all()
            period_id = build(n)
            responses = db.session.query(Response).filter_by(period_id=period_id).count()
            print(f"set-up: {responses} responses in the period (and as many in the previous "
                  f"one), {time.perf_counter() - started:.1f} s, not timed")
            pdf.warm_up()  # what each worker does at start-up (survey_app/serving.py)
        # each report in a request of its own, as in the app (loaded data lives per request)
        with app.test_request_context():
            show("cold (results computed)", *timed_report(period_id))
        with app.test_request_context():
            show("warm (results cached)", *timed_report(period_id))
        with app.test_request_context():
            if url:
                db.session.remove()
                db.drop_all()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
