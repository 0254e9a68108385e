"""Benchmark: notification fan-out and email delivery throughput.

1. One event to 10,000 accounts through ``notify`` (preferences read, text rendered once,
   idempotency keys, inbox + email rows) against a bare executemany insert of the same rows.
2. Email deliveries per second for one worker (``deliver_due``, one SMTP connection per
   message, a commit after each) against a local aiosmtpd server.

Run: .venv/bin/python bench/notify.py [recipients] [emails] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import delete, insert, select  # noqa: E402

from survey_app import create_app  # noqa: E402
from survey_app.auth.models import User  # noqa: E402
from survey_app.communities.models import Community  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.notifications import services  # noqa: E402
from survey_app.notifications.dispatch import deliver_due  # noqa: E402
from survey_app.notifications.models import Delivery, Notification  # noqa: E402
from tests.fixtures.smtp import Collecting, free_port  # noqa: E402

NOW = datetime(2026, 11, 4, 4, 0)  # noon in Shanghai: no quiet hours in the way


def _setup(count: int) -> tuple[Community, list[User]]:
    community = Community(name="基准小区", code="bench", address="", company="")
    db.session.add(community)
    db.session.flush()
    db.session.execute(insert(User), [
        {"username": f"u{i}", "display_name": f"用户{i}", "password_hash": "x", "active": True,
         "organisation": "", "email": f"u{i}@example.org"} for i in range(count)])
    db.session.commit()
    return community, list(db.session.scalars(select(User).order_by(User.id)))


def _fan_out(community, users) -> float:
    start = time.perf_counter()
    services.notify("ticket.dispatched", community=community, recipients=users,
                    params={"code": "3K7M9Q", "department": "工程部"}, link="/feedback/1",
                    dedupe_key="bench:fan-out", now=NOW)
    db.session.commit()
    return time.perf_counter() - start


def _bare(community, users) -> float:
    """The same rows with one executemany per table and nothing else."""
    start = time.perf_counter()
    db.session.execute(insert(Notification), [
        {"user_id": u.id, "community_id": community.id, "kind": "ticket.dispatched",
         "params": {"code": "3K7M9Q"}, "link": "/feedback/1", "emergency": False,
         "dedupe_key": "bench:bare", "created_at": NOW} for u in users])
    ids = dict(db.session.execute(select(Notification.user_id, Notification.id)
                                  .where(Notification.dedupe_key == "bench:bare")).all())
    rows = [{"notification_id": ids[u.id], "community_id": community.id, "user_id": u.id,
             "kind": "ticket.dispatched", "channel": channel, "address": u.email or "",
             "subject": "工单已派工", "body": "工单已派给工程部。", "emergency": False,
             "state": "queued", "attempts": 0, "last_error": "", "provider_message_id": "",
             "idempotency_key": f"bare-{channel}-{u.id}", "created_at": NOW,
             "next_attempt_at": NOW} for u in users for channel in ("inbox", "email")]
    db.session.execute(insert(Delivery), rows)
    db.session.commit()
    return time.perf_counter() - start


def _throughput(app, emails: int) -> tuple[float, int]:
    db.session.execute(delete(Delivery).where(Delivery.idempotency_key.like("bare-%")))
    queued = db.session.scalars(select(Delivery.id).where(
        Delivery.channel == "email", Delivery.state == "queued")).all()
    db.session.execute(delete(Delivery).where(Delivery.id.in_(queued[emails:])))
    db.session.commit()
    handler, port = Collecting(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="bench@example.org")
    try:
        start = time.perf_counter()
        sent = deliver_due(NOW)
        elapsed = time.perf_counter() - start
    finally:
        controller.stop()
    assert len(handler.messages) == sent, "every delivery reached the server once"
    return elapsed, sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("recipients", nargs="?", type=int, default=10_000)
    parser.add_argument("emails", nargs="?", type=int, default=500)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-notify-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        community, users = _setup(args.recipients)
        fan = _fan_out(community, users)
        bare = _bare(community, users)
        print(f"fan-out to {len(users)} accounts (notify): {fan:.2f} s; bare insert of the "
              f"same rows: {bare:.2f} s; ratio {fan / bare:.1f}x")
        elapsed, sent = _throughput(app, args.emails)
        print(f"email delivery, one worker, local aiosmtpd: {sent} in {elapsed:.2f} s = "
              f"{sent / elapsed:.0f} deliveries/s ({1000 * elapsed / sent:.1f} ms each)")
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
