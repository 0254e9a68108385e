"""Issue 14, item 4: each published PDF is kept with its sha256, shown on the notice board,
downloadable there; /verify (public) accepts the published file and refuses a one-byte
change, a non-PDF, an empty and an oversized upload with a message beside the field."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select, text

from survey_app import create_app
from survey_app.extensions import db, limiter
from survey_app.ledger import documents
from survey_app.ledger.models import LedgerEntry, PublishedPdf
from tests.fixtures.acts import take_down
from tests.fixtures.database import table_counts


def _download(client, published) -> bytes:
    html = client.get(f"/notice/{published.community_id}").get_data(as_text=True)
    link = re.search(r'href="([^"]+\.pdf)"', html).group(1)
    with client.get(link) as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        return response.get_data()


def _check(client, data: bytes, name="report.pdf"):
    return client.post("/verify", data={"pdf": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_notice_shows_the_sha256_and_offers_the_published_pdf(client, published):
    stored = db.session.get(PublishedPdf, 1) or db.session.query(PublishedPdf).one()
    html = client.get(f"/notice/{published.community_id}").get_data(as_text=True)
    assert stored.sha256 in html and "/verify" in html
    pdf = _download(client, published)
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == stored.sha256
    assert "/verify" in client.get("/notice/").get_data(as_text=True)


def test_the_published_file_is_recognised(client, published):
    pdf = _download(client, published)
    page = client.get("/verify")
    assert page.status_code == 200 and 'type="file"' in page.get_data(as_text=True)
    response = _check(client, pdf)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "测试小区" in html and "2026-Q4" in html
    assert hashlib.sha256(pdf).hexdigest() in html
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.act == "results.pdf_stored"))
    assert f"#{entry.seq} · <small>{entry.entry_hash}" in html  # the entry recording the PDF


def test_a_one_byte_change_is_refused(client, published):
    pdf = bytearray(_download(client, published))
    pdf[len(pdf) // 2] ^= 0x01
    before = table_counts()
    response = _check(client, bytes(pdf))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "sha256" in html and "2026-Q4" not in html
    assert table_counts() == before  # nothing stored


@pytest.mark.parametrize("data, name", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "report.pdf"),  # a picture named .pdf
    ("物业服务质量测评报告".encode() * 30, "report.pdf"),
    (b"", "report.pdf"),
])
def test_a_non_pdf_or_empty_file_is_refused(client, published, data, name):
    response = _check(client, data, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error"' in html and "2026-Q4" not in html


def test_no_file_is_refused(client):
    response = client.post("/verify", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)


def test_an_oversized_upload_gets_the_message_beside_the_field(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    response = _check(client, b"%PDF-1.7\n" + b"0" * 10_000)
    html = response.get_data(as_text=True)
    assert response.status_code == 413 and 'class="error"' in html and 'type="file"' in html


def test_a_withdrawn_publication_is_still_recognised_but_no_longer_offered(
        client, as_role, published):
    pdf = _download(client, published)
    take_down(as_role, published, "数据有误")
    url = f"/notice/{published.community_id}/publications/{published.id}.pdf"
    response = client.get(url)  # an old link or QR code: told what happened, no file
    page = response.get_data(as_text=True)
    assert response.status_code == 410 and response.mimetype == "text/html"
    assert "该公示已撤回" in page and "2026-Q4" in page and "数据有误" in page
    assert f"/notice/{published.community_id}/periods/{published.period_id}/history" in page
    other = f"/notice/{published.community_id + 1}/publications/{published.id}.pdf"
    assert client.get(other).status_code == 404  # another community's address: nothing
    html = _check(client, pdf).get_data(as_text=True)
    assert "2026-Q4" in html and "数据有误" in html


def test_an_altered_stored_file_is_never_served(client, app, published):
    stored = db.session.query(PublishedPdf).one()
    path = Path(app.config["REPORTS_DIR"]) / "published" / stored.path
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"%PDF-", b"%PDF ", 1))
        url = f"/notice/{published.community_id}/publications/{published.id}.pdf"
        with client.get(url) as response:
            assert response.status_code == 404  # checked against its sha256 first
        result = app.test_cli_runner().invoke(args=["ledger", "verify", "--files"])
        assert result.exit_code == 1 and "ALTERED published PDF" in result.output
        path.write_bytes(original)
        with client.get(url) as response:
            assert response.status_code == 200
        assert app.test_cli_runner().invoke(args=["ledger", "verify", "--files"]).exit_code == 0
        with client.get(f"/notice/{published.community_id + 1}/publications/"
                        f"{published.id}.pdf") as response:
            assert response.status_code == 404
    finally:
        path.write_bytes(original)


def test_a_pdf_row_the_ledger_does_not_record_is_refused(client, app, published):
    """A row forged in the database (another file, its sha256) is not a published report."""
    stored = db.session.query(PublishedPdf).one()
    forged = b"%PDF-1.7\n% a report nobody published\n" + b"0" * 2000
    digest, relative = documents.file_for(published.community_id, forged)
    path = documents.published_dir() / relative
    path.write_bytes(forged)
    try:
        db.session.execute(text("UPDATE published_pdf SET sha256 = :s, path = :p, size = :n "
                                "WHERE id = :i"), {"s": digest, "p": str(relative),
                                                   "n": len(forged), "i": stored.id})
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["ledger", "verify", "--files"])
        assert result.exit_code == 1 and "UNRECORDED published PDF" in result.output
        assert "ALTERED" not in result.output  # the file does match the forged row
        assert _check(client, forged).status_code == 400
    finally:
        path.unlink(missing_ok=True)


@pytest.fixture
def limited_app(database_url, tmp_path, real_commits):
    """A fresh app with rate limiting on (the shared test app has it off)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                      "REPORTS_DIR": str(tmp_path / "r"), "VERIFY_RATE_LIMIT": "3 per minute"})
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.engine.dispose()


def test_checks_are_rate_limited(limited_app):
    client = limited_app.test_client()
    codes = [_check(client, b"not a pdf").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    assert client.get("/verify").status_code == 200  # reading the page is not limited
