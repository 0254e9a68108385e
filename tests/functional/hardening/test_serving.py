"""Issue 15, item 17: the production gunicorn set-up survives slow clients (bounded slowloris
on 127.0.0.1), compresses responses and serves a favicon."""

from __future__ import annotations

import gzip
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SLOW_CLIENTS = 8  # the probe used 3; each holds one of 2 × 16 threads


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, headers=None, timeout=5.0):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The app under gunicorn with the shipped settings (survey_app/serving.py)."""
    folder = tmp_path_factory.mktemp("serving")
    port = _free_port()
    env = {**os.environ, "SURVEY_APP_SECRET_KEY": "serving-test",
           "SURVEY_APP_DATABASE_URL": f"sqlite:///{folder / 'app.db'}",
           "SURVEY_APP_UPLOAD_DIR": str(folder / "u"), "SURVEY_APP_SKIP_WARMUP": "1"}
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:survey_app.serving", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "survey_app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start: " + (folder / "gunicorn.log").read_text())
            time.sleep(0.3)
        yield port, folder / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(20)
        log.close()


def test_healthz_answers_while_slow_clients_hold_connections(gunicorn):
    port, log = gunicorn
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            slow.append(sock)
        for _round in range(5):  # bounded: about five seconds in all
            for sock in slow:
                sock.sendall(b"X-Slow: 1\r\n")
            started = time.monotonic()
            status, _headers, body = _get(port, "/healthz", timeout=5)
            assert status == 200 and b"ok" in body
            assert time.monotonic() - started < 2.0
            time.sleep(1)
    finally:
        for sock in slow:
            sock.close()
    assert "SIGKILL" not in log.read_text() and "WORKER TIMEOUT" not in log.read_text()


def test_responses_are_compressed_and_favicon_served(gunicorn):
    port, _log = gunicorn
    status, headers, body = _get(port, "/login", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "登录" in gzip.decompress(body).decode()
    status, headers, plain = _get(port, "/login")
    assert status == 200 and "Content-Encoding" not in headers and b"<html" in plain
    status, headers, icon = _get(port, "/favicon.ico")
    assert status == 200 and headers["Content-Type"].startswith("image/")
    assert icon[:4] == b"\x00\x00\x01\x00"
