"""Survey submissions per second under gunicorn, as a ratio to a bare one-insert endpoint.

    .venv/bin/python bench/submit.py                       # SQLite (WAL) in a temp folder
    .venv/bin/python bench/submit.py --database-url postgresql://postgres@127.0.0.1:55433/x

Both endpoints run in the same gunicorn (2 sync workers) on the same database. The survey
request is POST /c/<code>/all: the whole questionnaire (25 Likert items, overall, NPS and a
comment) for a distinct household each time, i.e. code lookup, one-per-household check,
response + 28 answers inserted, code marked used, period touched, commit, redirect.
CSRF and rate limits are off for both (the load comes from one address without a session).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict, households: int) -> tuple[list[str], dict]:
    """Create tables, a community with enough households, a survey with codes; (codes, form)."""
    os.environ.update(env)
    from sqlalchemy import insert, text

    from survey_app import create_app
    from survey_app.communities.models import Building, Community, Household, Period
    from survey_app.extensions import db
    from survey_app.questionnaires.services import publish_directory
    from survey_app.surveys import questions, services
    from survey_app.surveys.models import AccessCode

    app = create_app()
    with app.app_context():
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        db.session.execute(text("CREATE TABLE bench_ping (id INTEGER PRIMARY KEY "
                                + ("GENERATED ALWAYS AS IDENTITY" if "postgres" in
                                   app.config["SQLALCHEMY_DATABASE_URI"] else "")
                                + ", note VARCHAR(10))"))
        version = next(v for v in publish_directory() if v.kind == "owner_survey")
        community = Community(name="压测小区", code="bench")
        db.session.add(community)
        db.session.flush()
        buildings = [Building(community_id=community.id, name=f"{n}号楼", sort_key=n)
                     for n in range(1, 11)]
        db.session.add_all(buildings)
        db.session.flush()
        db.session.execute(insert(Household), [
            {"community_id": community.id, "building_id": buildings[n % 10].id, "unit": "1",
             "room": str(1000 + n)} for n in range(households)])
        from datetime import date

        period = Period(community_id=community.id, label="2026-Q4", status="open",
                        start_date=date(2026, 10, 1), end_date=date(2026, 12, 31))
        db.session.add(period)
        db.session.flush()
        survey = services.publish_survey(period, version.id, "codes")
        definition = services.definition_of(survey)
        form = {}
        for item in questions.answerable_items(definition):
            form[questions.field_name(item)] = {"likert": "4", "nps": "8",
                                                "text": "电梯需要更干净"}.get(item.type)
        form = {k: v for k, v in form.items() if v is not None}
        db.session.commit()
        codes = list(db.session.scalars(db.select(AccessCode.code)))
        db.engine.dispose()
    return codes, form


def request(port: int, path: str, body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", path, body=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def run(port: int, jobs: list[tuple[str, bytes]], concurrency: int) -> dict:
    """Send the jobs with `concurrency` threads; the elapsed time and (status, latency) list."""
    lock, results, index = threading.Lock(), [], [0]

    def worker():
        while True:
            with lock:
                if index[0] >= len(jobs):
                    return
                path, body = jobs[index[0]]
                index[0] += 1
            results.append(request(port, path, body))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"elapsed": time.perf_counter() - started, "results": results}


def summary(rounds: list[dict]) -> dict:
    """Throughput over all rounds (requests / time spent in them) and latency percentiles."""
    results = [r for one in rounds for r in one["results"]]
    elapsed = sum(one["elapsed"] for one in rounds)
    latencies = sorted(lat for _status, lat in results)
    bad = [status for status, _lat in results if status not in (200, 302)]
    return {"n": len(results), "rps": len(results) / elapsed, "bad": len(bad),
            "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000}


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.time() + 20
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            request(port, "/bench/bare", b"")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5,
                        help="alternating bare/survey rounds: the machine is shared, so both "
                             "endpoints see the same background load")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-submit-"))
    env = {"SURVEY_APP_DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.db",
           "SURVEY_APP_SECRET_KEY": secrets.token_hex(16),
           "SURVEY_APP_WTF_CSRF_ENABLED": "false", "SURVEY_APP_RATELIMIT_ENABLED": "false",
           "SURVEY_APP_UPLOAD_DIR": str(folder / "u"), "SURVEY_APP_REPORTS_DIR": str(folder / "r")}
    warmup = 40
    codes, form = prepare(env, args.requests + warmup)
    body = urllib.parse.urlencode(form).encode()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.submit_wsgi:app"],
        cwd=ROOT, env={**os.environ, **env})
    try:
        wait_for(port, server)
        run(port, [("/bench/bare", b"")] * warmup, args.concurrency)
        run(port, [(f"/c/{c}/all", body) for c in codes[:warmup]], args.concurrency)
        size = args.requests // args.rounds
        bare_rounds, survey_rounds = [], []
        for number in range(args.rounds):
            batch = codes[warmup + number * size:warmup + (number + 1) * size]
            bare_rounds.append(run(port, [("/bench/bare", b"")] * size, args.concurrency))
            survey_rounds.append(run(port, [(f"/c/{c}/all", body) for c in batch],
                                     args.concurrency))
        bare, survey = summary(bare_rounds), summary(survey_rounds)
        per_round = sorted(len(s["results"]) / s["elapsed"] / (len(b["results"]) / b["elapsed"])
                           for b, s in zip(bare_rounds, survey_rounds, strict=True))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    database = "PostgreSQL" if "postgres" in env["SURVEY_APP_DATABASE_URL"] else "SQLite (WAL)"
    print(f"gunicorn 2 sync workers, {database}, {args.concurrency} client threads, "
          f"{args.requests} requests each in {args.rounds} alternating rounds")
    print(f"{'endpoint':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, result in (("bare one-insert endpoint", bare), ("survey submit (28 answers)", survey)):
        print(f"{name:<28}{result['rps']:>9.1f}{result['p50']:>9.1f}{result['p99']:>9.1f}"
              f"{result['bad']:>8}")
    print(f"ratio survey/bare throughput: {survey['rps'] / bare['rps']:.2f} (goal ≥ 0.5); "
          f"p50 latency ratio bare/survey: {bare['p50'] / survey['p50']:.2f}")
    print("per-round throughput ratios: " + " ".join(f"{r:.2f}" for r in per_round))


if __name__ == "__main__":
    main()
