"""Owner submissions while a worker renders PDFs, against an idle worker (p99 latency).

    .venv/bin/python bench/jobs.py [--requests 600] [--concurrency 8] [--kind report|slips]

Set-up as bench/submit.py (a SQLite database in a temp folder, gunicorn with 2 sync workers,
POST /c/<code>/all with the whole questionnaire), plus the embedded job queue (a SQLite file)
and one ``flask jobs worker`` process on the same machine: the default single-machine set-up.

Phases: idle (worker running, queue empty) → busy (the queue holds more PDF jobs than the
phase lasts: PDF reports of the survey's period, or the code slips of every household) →
idle again with a fresh worker (the queue flushed). Idle p99 is over both idle phases, so
that a drift of the shared machine's load does not favour either side.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.submit import free_port, prepare, run, summary, wait_for  # noqa: E402

#: jobs queued for the busy phase: more than one worker renders while it lasts
BUSY_JOBS = 40


def start_worker(env: dict) -> subprocess.Popen:
    """``flask jobs worker`` (one thread, no periodic jobs) on the bench's queue."""
    return subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--no-periodic"],
                            cwd=ROOT, env={**os.environ, **env, "FLASK_APP": "survey_app"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def queue_jobs(kind: str, count: int) -> None:
    """Write ``count`` PDF jobs and put them on the queue (what a request asking does)."""
    from survey_app import create_app
    from survey_app.extensions import db
    from survey_app.jobs.files import request_file
    from survey_app.surveys.models import Survey

    app = create_app()
    with app.app_context(), app.test_request_context():
        survey = db.session.scalars(db.select(Survey)).first()
        for n in range(count):
            if kind == "report":
                from survey_app.reports.services import request_report

                request_report(survey.period, "zh_CN")
            else:  # distinct params: request_file would reuse a waiting identical job
                request_file("survey_slips", None, survey.community_id,
                             {"period_id": survey.period_id, "building_id": None, "n": n,
                              "building": "", "owner_url": "http://bench/s",
                              "code_url": "http://bench/c/__CODE__"}, "zh_CN",
                             subject_id=survey.id)
        db.session.commit()
        db.engine.dispose()


def job_states() -> dict:
    from sqlalchemy import func, select

    from survey_app import create_app
    from survey_app.extensions import db
    from survey_app.jobs.models import Job

    app = create_app()
    with app.app_context():
        states = dict(db.session.execute(select(Job.state, func.count()).group_by(Job.state))
                      .all())
        db.engine.dispose()
    return states


def flush_queue(env: dict) -> None:
    from survey_app import create_app
    from survey_app.jobs.queue import huey

    create_app()  # points the process's Huey at the bench's queue
    huey.flush()


def phase(port: int, codes: list[str], body: bytes, concurrency: int) -> dict:
    return run(port, [(f"/c/{c}/all", body) for c in codes], concurrency)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="per phase")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--kind", choices=("report", "slips"), default="report")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    env = {"SURVEY_APP_DATABASE_URL": f"sqlite:///{folder}/bench.db",
           "SURVEY_APP_QUEUE_URL": f"sqlite:///{folder}/queue.db",
           "SURVEY_APP_SECRET_KEY": secrets.token_hex(16),
           "SURVEY_APP_WTF_CSRF_ENABLED": "false", "SURVEY_APP_RATELIMIT_ENABLED": "false",
           "SURVEY_APP_SKIP_WARMUP": "1",
           "SURVEY_APP_UPLOAD_DIR": str(folder / "u"), "SURVEY_APP_REPORTS_DIR": str(folder / "r")}
    warmup, n = 40, args.requests
    codes, form = prepare(env, warmup + 3 * n)
    body = urllib.parse.urlencode(form).encode()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.submit_wsgi:app"], cwd=ROOT, env={**os.environ, **env})
    worker = start_worker(env)
    try:
        wait_for(port, server)
        phase(port, codes[:warmup], body, args.concurrency)
        idle = [phase(port, codes[warmup:warmup + n], body, args.concurrency)]
        queue_jobs(args.kind, BUSY_JOBS)
        time.sleep(1.0)  # the worker takes the first job
        busy = phase(port, codes[warmup + n:warmup + 2 * n], body, args.concurrency)
        states = job_states()
        stop(worker)
        flush_queue(env)
        worker = start_worker(env)
        time.sleep(2.0)
        idle.append(phase(port, codes[warmup + 2 * n:warmup + 3 * n], body, args.concurrency))
    finally:
        stop(worker)
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    report(args, summary(idle), summary([busy]), states)


def report(args, idle: dict, busy: dict, states: dict) -> None:
    what = "PDF reports" if args.kind == "report" else "code slips of every household"
    print(f"gunicorn 2 sync workers + 1 job worker (embedded SQLite queue), SQLite (WAL), "
          f"{args.concurrency} client threads, {args.requests} owner submissions per phase")
    print(f"busy phase: the worker renders {what}; jobs after it: {states}")
    print(f"{'worker':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, result in (("idle", idle), ("rendering", busy)):
        print(f"{name:<10}{result['rps']:>9.1f}{result['p50']:>9.1f}{result['p99']:>9.1f}"
              f"{result['bad']:>8}")
    print(f"p99 ratio rendering/idle: {busy['p99'] / idle['p99']:.2f}; "
          f"p50 ratio: {busy['p50'] / idle['p50']:.2f}; "
          f"throughput ratio: {busy['rps'] / idle['rps']:.2f}")


if __name__ == "__main__":
    main()
