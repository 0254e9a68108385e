"""The public notice: monthly counts and handling rates, no details."""

from __future__ import annotations

from datetime import date, datetime

from survey_app.feedback import services


def test_monthly_summary_counts_and_rates(community, make_ticket):
    a = make_ticket(datetime(2026, 10, 5, 2, 0))
    services.classify(a, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", now=datetime(2026, 10, 5, 2, 10))
    services.complete(a, now=datetime(2026, 10, 5, 6, 0))
    services.record_callback(a, rating=4, channel="phone", now=datetime(2026, 10, 6, 2, 0))
    b = make_ticket(datetime(2026, 10, 20, 2, 0), ticket_type="complaint", category="噪音",
                    location="5号楼")
    services.classify(b, ticket_type="complaint", dimension="security", category="噪音",
                      severity="normal", now=datetime(2026, 10, 20, 2, 10))
    services.complete(b, now=datetime(2026, 10, 25, 2, 0))             # after its 3 days
    make_ticket(datetime(2026, 10, 31, 17, 0), location="8号楼")      # 1 November local
    months = services.monthly_public_summary(community.id, months=3, today=date(2026, 11, 15))
    assert [m["label"] for m in months] == ["2026-09", "2026-10", "2026-11"]
    sep, octo, nov = months
    assert sep["received"] == 0 and sep["handling_rate"] is None
    assert (octo["received"], octo["completed"], octo["on_time"]) == (2, 2, 1)
    assert (octo["repairs"], octo["complaints"]) == (1, 1)
    assert octo["handling_rate"] == 1.0 and octo["on_time_rate"] == 0.5
    assert octo["satisfaction_rate"] == 1.0
    assert nov["received"] == 1 and nov["handling_rate"] == 0.0


def test_public_notice_page_shows_counts_only(client, community, make_ticket):
    make_ticket(datetime.utcnow().replace(microsecond=0), contact_phone="13600001234",
                description="秘密描述内容")
    page = client.get(f"/feedback/{community.code}/notice")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "13600001234" not in text and "秘密描述内容" not in text
    assert community.name in text
