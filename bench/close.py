"""Benchmark: closing a quarter for many communities with 1 and with 2 worker processes.

Builds the overview's fixture (bench/overview.py: N communities × 600 households × 4 quarters,
Q4 closed, with COPY) and adds owner responses to every Q4 (--responses each, answer vectors
as submissions store them), so each community's close computes a real result (2,000-replicate
bootstrap, hashes, item tables). Then, for 1 and for 2 workers: starts that many real
``flask jobs worker`` processes on a redis-server it starts itself (each process a consumer,
as on separate machines), removes the Q4 results of record, asks for the close of 2026-Q4
(closing.start_close, as the button does) and times it until the job is done. Prints
communities per second for each, their ratio (goal >= 1.8x) and each worker's peak RSS
(VmHWM of /proc/<pid>/status, read before the worker stops), with the workers' CPU time per
community and how many cores they kept busy: on a machine without a free core for the second
worker the ratio measures the machine, not the queue.

Run:  .venv/bin/python bench/close.py --database-url postgresql://…/scratch
(a SCRATCH PostgreSQL database: its public schema is dropped and recreated).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import delete, func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import overview as fixture  # noqa: E402  (bench/overview.py: the fixture)

from survey_app import create_app  # noqa: E402
from survey_app.extensions import db  # noqa: E402

LABEL = "2026-Q4"


def _owner_rows(n: int, responses: int):
    """Surveys and submitted responses (with answer vectors) for every community's Q4."""
    from survey_app.questionnaires.loader import load_definition
    from survey_app.questionnaires.services import publish
    from survey_app.surveys import vectors

    definition = load_definition(ROOT / "questionnaires" / "owner_survey.yaml")
    version = publish(definition)[0]
    items = vectors.scored_items(definition)
    high = np.array([10 if i.type == "nps" else 5 for i in items])
    low = np.array([0 if i.type == "nps" else 1 for i in items])
    rng = np.random.default_rng(21)
    fixture.copy_rows("survey", ("id", "community_id", "period_id", "questionnaire_version_id",
                                 "token", "access_mode", "status", "created_at"),
                      ((c, c, fixture._period_id(c, 4), version.id, f"bench{c}", "open", "open",
                        fixture.NOW) for c in range(1, n + 1)))

    def rows():
        for c in range(1, n + 1):
            base = rng.integers(3, 5, endpoint=True)
            matrix = np.clip(rng.integers(low, high, endpoint=True, size=(responses, len(items)))
                             + (base - 4), low, high).astype(vectors.DTYPE)
            for r in range(responses):
                yield (c * 10_000 + r, c, fixture._period_id(c, 4), f"h{c}-{r}", c, "web",
                       "submitted", 0, matrix[r].tobytes())
    return fixture.copy_rows("survey_response", (
        "id", "survey_id", "period_id", "household_key", "building_id", "channel", "status",
        "current_section", "answer_vector"), rows())


def build(n: int, responses: int) -> None:
    """The overview fixture, owner responses for Q4, the default scheme (committed)."""
    from survey_app.results import schemes

    started = time.perf_counter()
    sizes = fixture.build(n)
    sizes["survey_response"] = _owner_rows(n, responses)
    schemes.ensure_default()
    db.session.execute(text("UPDATE period SET data_version = data_version + 1"))
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    print(f"built in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in sizes.items()), flush=True)


def start_redis() -> tuple[str, Path]:
    """A private redis-server (no persistence) on a free port."""
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="bench-redis."))
    subprocess.run([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--daemonize", "yes", "--dir", str(folder),
                    "--pidfile", str(folder / "redis.pid")], check=True)
    time.sleep(0.3)
    return f"redis://127.0.0.1:{port}/0", folder


def stop_redis(folder: Path) -> None:
    pid_file = folder / "redis.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text()), signal.SIGTERM)
    shutil.rmtree(folder, ignore_errors=True)


def start_workers(count: int, database_url: str, queue_url: str) -> list[subprocess.Popen]:
    """``count`` worker processes, one consumer each (as on separate machines)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_APP_")}
    env.update(FLASK_APP="survey_app", SURVEY_APP_DATABASE_URL=database_url,
               SURVEY_APP_SECRET_KEY="bench", SURVEY_APP_QUEUE_URL=queue_url,
               SURVEY_APP_SKIP_WARMUP="1", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    return [subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--workers", "1",
                              "--no-periodic"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            for _ in range(count)]


def peak_rss_mb(process: subprocess.Popen) -> float:
    """The process's peak resident set size (VmHWM), in MB."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU seconds the process has used so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for process in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in workers:
        process.wait(timeout=60)


def reset() -> None:
    """No Q4 result of record, no earlier close job: the next close does all the work."""
    from survey_app.jobs.models import Job
    from survey_app.results.models import PeriodRecord, ResultCache

    db.session.execute(delete(PeriodRecord))
    db.session.execute(delete(ResultCache))
    db.session.execute(delete(Job))
    db.session.commit()


def close_once(n: int, timeout: float) -> tuple[float, float]:
    """Ask for the close, wait until the job is done; seconds taken from the request, and
    from the first part's start to the last part's end (worker start-up left out)."""
    from survey_app.jobs.models import Job, JobItem
    from survey_app.oversight.closing import start_close

    started = time.perf_counter()
    job = start_close(None, LABEL)
    db.session.commit()  # the fan-out task is queued on commit
    while True:
        db.session.rollback()
        state = db.session.scalar(select(Job.state).where(Job.id == job.id))
        if state == "done":
            break
        if time.perf_counter() - started > timeout:
            sys.exit(f"the close did not finish within {timeout:.0f} s (state {state})")
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    failed = db.session.scalar(select(func.count(JobItem.id)).where(
        JobItem.job_id == job.id, JobItem.state != "done"))
    if failed:
        sys.exit(f"{failed} communities did not close; see /jobs/{job.id}")
    first, last = db.session.execute(select(func.min(JobItem.started_at),
                                            func.max(JobItem.finished_at))
                                     .where(JobItem.job_id == job.id)).one()
    return seconds, (last - first).total_seconds()


def run(app, n: int, workers: int, database_url: str, queue_url: str, timeout: float):
    """Communities per second with ``workers`` processes, and their peak RSS in MB."""
    reset()
    processes = start_workers(workers, database_url, queue_url)
    try:
        time.sleep(8)  # the workers import the app before taking anything
        before = sum(cpu_seconds(p) for p in processes)
        wall, span = close_once(n, timeout)
        cpu = sum(cpu_seconds(p) for p in processes) - before
        rss = [peak_rss_mb(p) for p in processes]
    finally:
        stop_workers(processes)
    rate = n / span
    print(f"{workers} worker(s): {n} communities in {span:6.1f} s (first part started to "
          f"last part done; {wall:.1f} s from the request) = {rate:6.2f} communities/s; "
          f"peak RSS per worker {', '.join(f'{r:.0f} MB' for r in rss)}; workers' CPU "
          f"{1000 * cpu / n:.0f} ms per community, {cpu / span:.2f} cores busy on average "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
    return rate, max(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True,
                        help="a SCRATCH PostgreSQL database: its public schema is dropped")
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--responses", type=int, default=280, help="owner responses per Q4")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    queue_url, redis_dir = start_redis()
    try:
        app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "bench",
                          "QUEUE_URL": queue_url})
        with app.app_context():
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
            db.create_all()
            build(args.communities, args.responses)
            one, rss_one = run(app, args.communities, 1, args.database_url, queue_url,
                               args.timeout)
            two, rss_two = run(app, args.communities, 2, args.database_url, queue_url,
                               args.timeout)
        print(f"ratio 2 workers / 1 worker: {two / one:.2f}x (goal >= 1.8x); "
              f"peak worker RSS {max(rss_one, rss_two):.0f} MB; cores {os.cpu_count()}")
    finally:
        stop_redis(redis_dir)


if __name__ == "__main__":
    main()
