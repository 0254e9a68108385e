"""The cross-community overview: one aggregate SQL query over the precomputed rows.

Each community's latest visible period (closed or published; published only for the
government) with the change against its previous one (LAG), its tickets, rectifications,
joint inspections this quarter, third-party coverage, last notice and open escalations;
filtered to the communities the user may see, sorted and paginated in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, literal, select

from ..assessments.models import AssessmentProject
from ..communities.models import Community, Period
from ..extensions import db
from ..feedback.models import Ticket
from ..inspections.models import WAITING_FOR_COMPANY, Inspection, Rectification
from ..publishing.models import Publication
from .models import CommunityJurisdiction, Company, Escalation, Jurisdiction, OverviewRow
from .scope import jurisdiction_community_ids

PAGE_SIZE = 50
#: sort key → (column name of the query, whether larger values come first by default)
SORTS = {"name": "name", "composite": "composite", "change": "change",
         "response_rate": "response_rate", "complaints": "complaints_per_1000",
         "on_time": "on_time_rate", "overdue": "overdue_rectifications",
         "published": "last_published_at"}


@dataclass
class Filters:
    """What the user narrowed the overview to (all optional)."""

    company_id: int | None = None
    jurisdiction_id: int | None = None
    grade: str | None = None
    no_joint_inspection: bool = False
    overdue_only: bool = False
    sort: str = "composite"
    descending: bool = True
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass
class OverviewPage:
    """One page of rows, how many rows match, and the grade counts for the chart."""

    rows: list[dict]
    total: int
    page: int
    page_size: int
    grades: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def quarter_start(today: date) -> date:
    """The first day of the calendar quarter of ``today``."""
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _latest(community_ids, published_only: bool):
    """Per community: the latest visible row with the previous composite (window functions)."""
    statuses = ("published",) if published_only else ("closed", "published")
    order = OverviewRow.start_date
    ranked = select(
        *OverviewRow.__table__.c, Period.end_date,
        func.lag(OverviewRow.composite).over(partition_by=OverviewRow.community_id,
                                             order_by=order).label("previous"),
        func.row_number().over(partition_by=OverviewRow.community_id,
                               order_by=order.desc()).label("rn"),
    ).join(Period, Period.id == OverviewRow.period_id).where(OverviewRow.status.in_(statuses))
    if community_ids is not None:
        ranked = ranked.where(OverviewRow.community_id.in_(community_ids or [-1]))
    ranked = ranked.cte("ranked")
    return select(ranked).where(ranked.c.rn == 1).cte("latest")


def _tickets(latest):
    """Complaints and on-time completions in each latest period."""
    day = func.date(Ticket.received_at)  # date() is the same function in SQLite and PostgreSQL
    window = and_(Ticket.community_id == latest.c.community_id,
                  day >= latest.c.start_date, day <= latest.c.end_date)
    done = Ticket.completed_at.is_not(None)
    on_time = and_(done, func.coalesce(Ticket.completed_at <= Ticket.complete_due, True))
    return select(
        latest.c.community_id,
        func.count().filter(Ticket.ticket_type == "complaint").label("complaints"),
        func.count().filter(done).label("completed"),
        func.count().filter(on_time).label("on_time"),
    ).join(Ticket, window).group_by(latest.c.community_id).cte("tickets")


def _per_community(model, *columns, where=None, name):
    """A CTE of aggregates per community of one table."""
    query = select(model.community_id.label("community_id"), *columns) \
        .group_by(model.community_id)
    return (query.where(where) if where is not None else query).cte(name)


def _aggregates(today: date):
    """The CTEs of rectifications, joint inspections, notices and escalations."""
    rects = _per_community(
        Rectification, func.count().filter(Rectification.status != "verified").label("open"),
        func.count().filter(and_(Rectification.status.in_(WAITING_FOR_COMPANY),
                                 Rectification.due_date < today)).label("overdue"),
        name="rects")
    joint = _per_community(Inspection, func.count().label("n"), where=and_(
        Inspection.kind == "quarterly", Inspection.inspection_date >= quarter_start(today),
        Inspection.inspection_date <= today), name="joint")
    notices = _per_community(Publication, func.max(Publication.published_at).label("at"),
                             where=Publication.withdrawn_at.is_(None), name="notices")
    escalations = _per_community(
        Escalation, func.count().label("all"),
        func.count().filter(Escalation.status != "closed").label("open"), name="escalations")
    return rects, joint, notices, escalations


def overview_query(community_ids, filters: Filters, today: date, published_only: bool):
    """The one SELECT of the overview (before sorting and paging)."""
    latest = _latest(community_ids, published_only)
    tickets = _tickets(latest)
    rects, joint, notices, escalations = _aggregates(today)
    third = select(AssessmentProject.period_id).distinct().cte("third")
    complaints = func.coalesce(tickets.c.complaints, 0)
    columns = _columns(latest, tickets, rects, joint, notices, escalations, third, complaints)
    query = (select(*columns)
             .select_from(latest)
             .join(Community, Community.id == latest.c.community_id)
             .outerjoin(Company, Company.id == latest.c.company_id)
             .outerjoin(CommunityJurisdiction,
                        CommunityJurisdiction.community_id == latest.c.community_id)
             .outerjoin(Jurisdiction, Jurisdiction.id == CommunityJurisdiction.jurisdiction_id)
             .outerjoin(tickets, tickets.c.community_id == latest.c.community_id)
             .outerjoin(rects, rects.c.community_id == latest.c.community_id)
             .outerjoin(joint, joint.c.community_id == latest.c.community_id)
             .outerjoin(notices, notices.c.community_id == latest.c.community_id)
             .outerjoin(escalations, escalations.c.community_id == latest.c.community_id)
             .outerjoin(third, third.c.period_id == latest.c.period_id))
    return _filtered(query, latest, rects, joint, filters)


def _columns(latest, tickets, rects, joint, notices, escalations, third, complaints):
    households = func.nullif(latest.c.households, 0)
    return (
        latest.c.community_id, Community.name.label("name"), latest.c.period_id,
        latest.c.label, latest.c.status, Company.name.label("company"),
        Jurisdiction.name.label("jurisdiction"), latest.c.composite, latest.c.grade,
        latest.c.grade_label,
        (latest.c.composite - latest.c.previous).label("change"), latest.c.responses,
        latest.c.households, latest.c.response_rate,
        (complaints * 1000.0 / households).label("complaints_per_1000"),
        complaints.label("complaints"),
        (func.coalesce(tickets.c.on_time, 0) * 1.0
         / func.nullif(tickets.c.completed, 0)).label("on_time_rate"),
        func.coalesce(rects.c.open, 0).label("open_rectifications"),
        func.coalesce(rects.c.overdue, 0).label("overdue_rectifications"),
        func.coalesce(joint.c.n, 0).label("joint_inspections"),
        case((third.c.period_id.is_not(None), True), else_=False).label("third_party"),
        notices.c.at.label("last_published_at"),
        func.coalesce(escalations.c.all, 0).label("escalations"),
        func.coalesce(escalations.c.open, 0).label("open_escalations"),
        func.count().over().label("total"),
    )


def _filtered(query, latest, rects, joint, filters: Filters):
    """The filters as WHERE clauses."""
    if filters.company_id:
        query = query.where(latest.c.company_id == filters.company_id)
    if filters.jurisdiction_id:
        query = query.where(latest.c.community_id.in_(
            jurisdiction_community_ids(filters.jurisdiction_id)))
    if filters.grade:
        query = query.where(latest.c.grade == filters.grade)
    if filters.no_joint_inspection:
        query = query.where(func.coalesce(joint.c.n, 0) == 0)
    if filters.overdue_only:
        query = query.where(func.coalesce(rects.c.overdue, 0) > 0)
    return query


def overview(community_ids, filters: Filters, today: date,
             published_only: bool) -> OverviewPage:
    """One page of the overview for the communities given (None: all)."""
    query = overview_query(community_ids, filters, today, published_only).subquery("o")
    column = query.c[SORTS.get(filters.sort, "composite")]
    order = column.desc() if filters.descending else column.asc()
    paged = (select(query).order_by(column.is_(None), order, query.c.name)
             .limit(filters.page_size).offset((filters.page - 1) * filters.page_size))
    rows = [dict(r._mapping) for r in db.session.execute(paged)]
    total = rows[0]["total"] if rows else _count(query)
    return OverviewPage(rows, total, filters.page, filters.page_size)


def _count(query) -> int:
    """Matching rows when the page asked for is past the end (rare)."""
    return db.session.scalar(select(func.count()).select_from(query)) or 0


def grade_counts(community_ids, filters: Filters, today: date,
                 published_only: bool) -> dict[str, int]:
    """How many matching communities have each grade (the distribution chart)."""
    query = overview_query(community_ids, filters, today, published_only).subquery("o")
    counts = select(func.coalesce(query.c.grade, literal("")), func.count()) \
        .group_by(query.c.grade)
    return {grade: n for grade, n in db.session.execute(counts.order_by(query.c.grade))}


def grade_labels(grades) -> dict[str, dict]:
    """The words of each grade, from one stored row per grade (a handful of grades)."""
    return {g: db.session.scalar(select(OverviewRow.grade_label)
                                 .where(OverviewRow.grade == g).limit(1)) or {}
            for g in grades}
