"""Benchmark: the cross-community overview at scale (issue 21), on PostgreSQL.

Builds, with COPY, N communities (default 200; --communities 2000 for the issue's scale) ×
600 households × 4 quarters (Q1–Q3 published, Q4 closed), 20 companies and 10 街道 in one
district, each period's precomputed overview row (its result of record narrowed), 15 tickets
per community and quarter, one joint inspection per quarter (Q4 skipped for every fifth
community) with 3 rectifications each, one notice per published quarter and a few escalated
complaints. Owner responses are not built: the overview never reads them (it reads the
overview rows, which closing a period writes).

Then measures, through the Flask test client signed in as an administrator (sees every
community) and as a director (one company's communities):
  1. GET /overview/ with each filter and sort, p50 / p95 over --repeat requests;
  2. a bare SQL aggregate over the same rows (latest row per community with LAG, its tickets
     and rectifications; no filters, no page): p50 / p95;
and prints the ratio of the page's p95 to the bare aggregate's p95. Goal: p95 < 300 ms.

Run:  .venv/bin/python bench/overview.py --database-url postgresql://…/scratch
(a SCRATCH database: its public schema is dropped and recreated).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey_app import create_app  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.serving import freeze_loaded_objects  # noqa: E402

HOUSEHOLDS = 600
COMPANIES = 20
STREETS = 10
TICKETS = 15
QUARTERS = ((1, date(2026, 1, 1), date(2026, 3, 31)), (2, date(2026, 4, 1), date(2026, 6, 30)),
            (3, date(2026, 7, 1), date(2026, 9, 30)), (4, date(2026, 10, 1), date(2026, 12, 31)))
GRADES = (("A", {"zh_CN": "优秀", "en": "Excellent"}), ("B", {"zh_CN": "良好", "en": "Good"}),
          ("C", {"zh_CN": "合格", "en": "Fair"}), ("D", {"zh_CN": "不合格", "en": "Poor"}))
NOW = datetime(2026, 12, 1, 9)


def copy_rows(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows into a table; returns how many."""
    cursor = db.session.connection().connection.driver_connection.cursor()
    count = 0
    with cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _organisations(n: int) -> dict[str, int]:
    sizes = {"company": copy_rows("company", ("id", "name", "credit_code", "created_at",
                                              "updated_at"),
                                  ((i, f"物业公司{i}", "", NOW, NOW)
                                   for i in range(1, COMPANIES + 1)))}
    rows = [(1, None, "测试区", "district", NOW, NOW)] + [
        (i + 1, 1, f"第{i}街道", "street", NOW, NOW) for i in range(1, STREETS + 1)]
    sizes["jurisdiction"] = copy_rows("jurisdiction", ("id", "parent_id", "name", "level",
                                                       "created_at", "updated_at"), rows)
    sizes["community"] = copy_rows(
        "community", ("id", "name", "code", "address", "company", "min_cell_size",
                      "code_holder", "created_at", "updated_at"),
        ((c, f"小区{c:05d}", f"c{c}", "", "", 5, "committee", NOW, NOW)
         for c in range(1, n + 1)))
    sizes["community_company"] = copy_rows(
        "community_company", ("id", "community_id", "company_id", "start_date"),
        ((c, c, 1 + c % COMPANIES, date(2024, 1, 1)) for c in range(1, n + 1)))
    sizes["community_jurisdiction"] = copy_rows(
        "community_jurisdiction", ("community_id", "jurisdiction_id"),
        ((c, 2 + c % STREETS) for c in range(1, n + 1)))
    return sizes


def _households(n: int) -> dict[str, int]:
    sizes = {"building": copy_rows("building", ("id", "community_id", "name", "sort_key"),
                                   ((c, c, "1号楼", 1) for c in range(1, n + 1)))}
    rows = ((c * HOUSEHOLDS + h, c, c, "1", f"{h:04d}")
            for c in range(1, n + 1) for h in range(HOUSEHOLDS))
    sizes["household"] = copy_rows("household", ("id", "community_id", "building_id", "unit",
                                                 "room"), rows)
    return sizes


def _period_id(c: int, q: int) -> int:
    return (c - 1) * 4 + q


def _periods(n: int) -> dict[str, int]:
    rows = ((_period_id(c, q), c, f"2026-Q{q}", start, end, "published" if q < 4 else "closed",
             0, NOW, NOW) for c in range(1, n + 1) for q, start, end in QUARTERS)
    sizes = {"period": copy_rows("period", ("id", "community_id", "label", "start_date",
                                            "end_date", "status", "data_version",
                                            "created_at", "updated_at"), rows)}
    sizes["overview_row"] = copy_rows("overview_row", (
        "period_id", "community_id", "company_id", "start_date", "label", "status", "revision",
        "composite", "grade", "grade_label", "dimensions", "responses", "households",
        "response_rate", "closed_at", "published_at", "refreshed_at"), _overview_rows(n))
    sizes["publication"] = copy_rows("publication", (
        "id", "period_id", "community_id", "summary", "note", "published_at",
        "withdraw_reason", "revision", "revision_reason"),
        ((_period_id(c, q), _period_id(c, q), c, "{}", "", datetime(2026, 3 * q + 1, 5), "",
          1, "") for c in range(1, n + 1) for q, _s, _e in QUARTERS if q < 4))
    return sizes


def _overview_rows(n: int):
    for c in range(1, n + 1):
        for q, start, end in QUARTERS:
            score = 60 + (c * 7 + q * 3) % 40 + 0.1 * q
            grade, label = GRADES[0 if score >= 90 else 1 if score >= 80 else
                                  2 if score >= 70 else 3]
            responses = 150 + (c + q) % 150
            yield (_period_id(c, q), c, 1 + c % COMPANIES, start, f"2026-Q{q}",
                   "published" if q < 4 else "closed", 1, score, grade,
                   json.dumps(label, ensure_ascii=False), json.dumps({"cleaning": score}),
                   responses, HOUSEHOLDS, responses / HOUSEHOLDS,
                   datetime.combine(end, datetime.min.time()),
                   datetime(2026, 3 * q + 1, 5) if q < 4 else None, NOW)


def _tickets(n: int) -> int:
    def rows():
        for c in range(1, n + 1):
            for q, start, _end in QUARTERS:
                for t in range(TICKETS):
                    received = datetime.combine(start, datetime.min.time()) + timedelta(
                        days=t * 5, hours=9)
                    done = received + timedelta(hours=20 + 10 * (t % 4))
                    yield (c, "", "", "hotline", "complaint" if t % 3 == 0 else "repair",
                           "", "normal", "漏水", "", "", f"T{c}-{q}-{t}", "closed", received,
                           received + timedelta(hours=48), done, done, "", "", False, 0,
                           NOW, NOW)
    return copy_rows("ticket", (
        "community_id", "location", "room", "channel", "ticket_type", "category", "severity",
        "description", "contact_name", "contact_phone", "tracking_code", "status",
        "received_at", "complete_due", "completed_at", "closed_at", "department", "worker",
        "escalated", "reopened_count", "created_at", "updated_at"), rows())


def _inspections(n: int, version_id: int) -> dict[str, int]:
    rows = [(_period_id(c, q), c, _period_id(c, q), version_id, "quarterly", "季度联合检查",
             start + timedelta(days=20), "", "signed", 1, "", "", NOW, NOW)
            for c in range(1, n + 1) for q, start, _e in QUARTERS if q < 4 or c % 5]
    sizes = {"inspection": copy_rows("inspection", (
        "id", "community_id", "period_id", "questionnaire_version_id", "kind", "title",
        "inspection_date", "area", "status", "revision", "inspector", "inspector_from",
        "created_at", "updated_at"), rows)}
    rects = ((r[1], r[0], f"i{k}", "", "工程部", "整改", "", "minor",
              r[6] + timedelta(days=15 + 30 * k), "open" if k else "verified", NOW, NOW)
             for r in rows for k in range(3))
    sizes["rectification"] = copy_rows("rectification", (
        "community_id", "inspection_id", "item_id", "dimension", "department", "description",
        "location", "severity", "due_date", "status", "created_at", "updated_at"), rects)
    return sizes


def build(n: int) -> dict[str, int]:
    """The whole fixture, committed; table → rows."""
    from survey_app.questionnaires.loader import load_definition
    from survey_app.questionnaires.services import publish

    version = publish(load_definition(ROOT / "questionnaires" / "joint_inspection.yaml"))[0]
    sizes = _organisations(n)
    sizes.update(_households(n))
    sizes.update(_periods(n))
    sizes["ticket"] = _tickets(n)
    sizes.update(_inspections(n, version.id))
    db.session.commit()
    _settle()
    return sizes


def _settle() -> None:
    """VACUUM ANALYZE and CHECKPOINT after the bulk COPY, outside a transaction.

    Otherwise autovacuum and the checkpointer start on the 1.2M fresh rows in the middle of
    the measurement, and one stalled request out of 20 becomes the p95.
    """
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
        conn.exec_driver_sql("CHECKPOINT")


BARE = """
WITH ranked AS (
  SELECT r.*, p.end_date,
         lag(r.composite) OVER (PARTITION BY r.community_id ORDER BY r.start_date) AS previous,
         row_number() OVER (PARTITION BY r.community_id ORDER BY r.start_date DESC) AS rn
  FROM overview_row r JOIN period p ON p.id = r.period_id),
latest AS (SELECT * FROM ranked WHERE rn = 1),
t AS (SELECT l.community_id, count(*) FILTER (WHERE k.ticket_type = 'complaint') AS complaints
      FROM latest l JOIN ticket k ON k.community_id = l.community_id
       AND date(k.received_at) BETWEEN l.start_date AND l.end_date GROUP BY l.community_id),
x AS (SELECT community_id, count(*) FILTER (WHERE status <> 'verified') AS open
      FROM rectification GROUP BY community_id)
SELECT l.community_id, l.composite, l.composite - l.previous, t.complaints, x.open
FROM latest l LEFT JOIN t ON t.community_id = l.community_id
LEFT JOIN x ON x.community_id = l.community_id
"""


def timed(action, repeat: int) -> tuple[float, float]:
    """p50 and p95 in ms of `repeat` runs (after one warm-up)."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def _client(app, username: str, role: str, company_id: int | None = None):
    from survey_app.auth.services import create_user
    from survey_app.oversight.models import Company
    from survey_app.oversight.services import set_scope

    user = create_user(username, "bench-password-1", role)
    if company_id:
        set_scope(user, company=db.session.get(Company, company_id))
    db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"username": username,
                                           "password": "bench-password-1"})
    assert response.status_code == 302, response.status_code
    return client


URLS = ("/overview/", "/overview/?sort=change&dir=asc", "/overview/?company=3",
        "/overview/?jurisdiction=4", "/overview/?grade=B", "/overview/?no_joint=1",
        "/overview/?overdue=1", "/overview/?company=3&jurisdiction=4&no_joint=1&overdue=1",
        "/overview/?page=3&sort=complaints")


def measure(app, repeat: int) -> None:
    """Print the page's and the bare aggregate's p50/p95 and their ratio."""
    bare = timed(lambda: db.session.connection().exec_driver_sql(BARE).fetchall(), repeat)
    print(f"bare SQL aggregate:         p50 {bare[0]:7.1f} ms   p95 {bare[1]:7.1f} ms")
    worst = 0.0
    for who, client in (("admin", _client(app, "bench_admin", "admin")),
                        ("director", _client(app, "bench_director", "director", 3))):
        for url in URLS:
            def get(url=url, client=client):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            p50, p95 = timed(get, repeat)
            worst = max(worst, p95)
            print(f"{who:8} {url:60} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"worst overview p95 {worst:.1f} ms; ratio to the bare aggregate's p95: "
          f"{worst / bare[1]:.2f}x (goal: p95 < 300 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True,
                        help="a SCRATCH PostgreSQL database: its public schema is dropped")
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SERVER_NAME": "localhost"})
    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()
        db.create_all()
        started = time.perf_counter()
        sizes = build(args.communities)
        print(f"built in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
        # as a served worker does after loading (serving.post_worker_init)
        freeze_loaded_objects()
        measure(app, args.repeat)


if __name__ == "__main__":
    main()
