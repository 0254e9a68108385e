"""Issue 19 item 2: commitment compliance per period in the PDF report, with the same
figures as the results page (feedback/commitments.py)."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback import services as tickets
from survey_app.feedback.commitments import compliance
from survey_app.reports.models import Report


def _pdf_text(app, client, period) -> str:
    response = client.post(f"/reports/{period.community_id}/{period.id}",
                           data={"language": "zh_CN"})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    report = db.session.scalars(select(Report).order_by(Report.id.desc())).first()
    path = Path(app.config["REPORTS_DIR"]) / report.pdf_path
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _two_tickets(community, staff):
    """One registered by staff (acknowledged at once), one from an owner never acknowledged."""
    for user, channel in ((staff, "hotline"), (None, "owner_web")):
        tickets.register_ticket(community.id, channel=channel, ticket_type="repair",
                                description="楼道灯坏了", category="照明",
                                received_at=datetime(2026, 10, 12, 2, 0), user=user)
    db.session.commit()


def test_the_report_states_how_often_each_commitment_was_kept(app, as_role, scored, users,
                                                               community):
    _two_tickets(community, users["staff"])
    steps = {s.step: s for s in compliance(community.id, scored.start_date, scored.end_date)}
    assert (steps["ack"].met, steps["ack"].missed) == (1, 1)
    text = re.sub(r"[ \t]+", " ", _pdf_text(app, as_role("staff"), scored))
    assert "承诺兑现情况" in text
    assert re.search(r"受理 50(\.0)?% 1 / 2", text), text[text.index("承诺兑现情况"):][:400]
    assert "出具报告时仍在时限内的环节暂不计入" in text.replace("\n", "")


def test_without_tickets_the_report_has_no_commitment_table(app, as_role, scored):
    assert "承诺兑现情况" not in _pdf_text(app, as_role("staff"), scored)
