"""The overview: its numbers against the per-community results, filters, scope, exports."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback import services as feedback
from survey_app.inspections.models import Inspection, Rectification
from survey_app.oversight.models import OverviewRow
from survey_app.oversight.overview import Filters, overview
from survey_app.oversight.rows import backfill
from survey_app.results import services as results
from tests.fixtures.factories import login, make_period
from tests.fixtures.jobs import download
from tests.fixtures.oversight import close_with_record
from tests.fixtures.owners import add_responses, uniform

TODAY = date(2026, 12, 20)


def _scored(community, label, start, end, values):
    period = make_period(community, label=label, start=start, end=end, status="open")
    add_responses(period, [uniform(v, "1号楼") for v in values])
    close_with_record(period)
    return period


def _two_quarters(community, other_community):
    q3 = _scored(community, "2026-Q3", date(2026, 7, 1), date(2026, 9, 30), (3, 3, 4, 4, 3))
    q4 = _scored(community, "2026-Q4", date(2026, 10, 1), date(2026, 12, 31), (4, 5, 4, 5, 5))
    other = _scored(other_community, "2026-Q4", date(2026, 10, 1), date(2026, 12, 31),
                    (2, 3, 2, 3, 2))
    return q3, q4, other


def _tickets(community):
    for kind, done in (("complaint", datetime(2026, 11, 2, 9)), ("complaint", None),
                       ("repair", datetime(2026, 11, 3, 9))):
        ticket = feedback.register_ticket(community.id, channel="hotline", ticket_type=kind,
                                          description="电梯异响", category="电梯",
                                          received_at=datetime(2026, 11, 1, 9))
        if done is not None:
            ticket.completed_at, ticket.status = done, "completed"
    db.session.flush()


def _inspection_with_rects(community, period, version):
    inspection = Inspection(community_id=community.id, period_id=period.id, kind="quarterly",
                            questionnaire_version_id=version.id, title="季度联合检查",
                            inspection_date=date(2026, 11, 5))
    db.session.add(inspection)
    db.session.flush()
    for due, status in ((date(2026, 12, 1), "open"), (date(2026, 12, 30), "open"),
                        (date(2026, 11, 1), "verified")):
        db.session.add(Rectification(community_id=community.id, inspection_id=inspection.id,
                                     item_id="x", department="工程部", description="修复",
                                     due_date=due, status=status))
    db.session.flush()


def test_overview_numbers_match_each_communitys_results(app, community, other_community,
                                                        org, checklist_version):
    with app.test_request_context("/"):
        q3, q4, other = _two_quarters(community, other_community)
        _tickets(community)
        _inspection_with_rects(community, q4, checklist_version)
        page = overview(None, Filters(), TODAY, published_only=False)
        now, before = results.period_result(q4), results.period_result(q3)
        there = results.period_result(other)
    rows = {r["community_id"]: r for r in page.rows}
    assert page.total == 2 and set(rows) == {community.id, other_community.id}
    mine = rows[community.id]
    assert mine["period_id"] == q4.id and mine["company"] == "甲物业"
    assert mine["jurisdiction"] == "甲街道"
    assert abs(mine["composite"] - now.composite.score) < 1e-9
    assert abs(mine["change"] - (now.composite.score - before.composite.score)) < 1e-9
    assert mine["grade"] == (now.composite.grade or "")
    assert mine["responses"] == now.sample.responses == 5
    assert mine["response_rate"] == now.sample.response_rate
    assert mine["complaints"] == 2
    assert abs(mine["complaints_per_1000"] - 2000.0 / mine["households"]) < 1e-9
    assert mine["on_time_rate"] == 1.0  # both completed tickets had no time limit set
    assert (mine["open_rectifications"], mine["overdue_rectifications"]) == (2, 1)
    assert mine["joint_inspections"] == 1 and mine["third_party"] is False
    assert rows[other_community.id]["change"] is None
    assert abs(rows[other_community.id]["composite"] - there.composite.score) < 1e-9
    assert page.rows[0]["community_id"] == community.id  # higher composite first


def test_filters_sort_and_pages(app, community, other_community, org, checklist_version):
    with app.test_request_context("/"):
        _, q4, _ = _two_quarters(community, other_community)
        _inspection_with_rects(community, q4, checklist_version)

        def ids(**kwargs):
            return [r["community_id"] for r in overview(None, Filters(**kwargs), TODAY,
                                                        False).rows]

        assert ids(company_id=org.other_company.id) == [other_community.id]
        assert ids(jurisdiction_id=org.street.id) == [community.id]
        assert ids(jurisdiction_id=org.district.id, descending=False) == [
            other_community.id, community.id]
        assert ids(no_joint_inspection=True) == [other_community.id]
        assert ids(overdue_only=True) == [community.id]
        assert ids(page_size=1, page=2) == [other_community.id]
        assert ids(sort="name", descending=False) == sorted(
            [community.id, other_community.id],
            key=lambda i: {community.id: "测试小区", other_community.id: "别的小区"}[i])


def test_backfill_rewrites_the_rows(app, community, other_community, org):
    with app.test_request_context("/"):
        _two_quarters(community, other_community)
        db.session.execute(OverviewRow.__table__.delete())
        assert backfill() == 3
        assert len(db.session.scalars(select(OverviewRow)).all()) == 3


def test_officer_sees_only_published_and_own_jurisdiction(app, client, community,
                                                          other_community, overseers):
    with app.test_request_context("/"):
        _two_quarters(community, other_community)
    db.session.commit()
    login(client, "officer")
    html = client.get("/overview/").get_data(as_text=True)
    assert "测试小区" not in html  # closed, not yet published: not for the government
    assert client.get(f"/overview/c/{other_community.id}").status_code == 404
    client.post("/logout")
    login(client, "director")
    html = client.get("/overview/").get_data(as_text=True)
    assert "测试小区" in html and "别的小区" not in html and "<svg" in html
    assert client.get(f"/overview/c/{community.id}").status_code == 200
    assert client.get(f"/overview/c/{other_community.id}").status_code == 404


def test_exports_are_formula_safe(app, client, community, other_community, overseers):
    with app.test_request_context("/"):
        _two_quarters(community, other_community)
        community.name = "=HYPERLINK(\"x\")"
    db.session.commit()
    login(client, "director")
    csv = download(client, "/overview/export.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in csv or "\"'=HYPERLINK" in csv
    book = load_workbook(io.BytesIO(download(client, "/overview/export.xlsx").get_data()))
    values = [c.value for c in book.active["A"]]
    assert any(str(v).startswith("'=") for v in values), values
