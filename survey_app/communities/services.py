"""Community, period and household services."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit, transitions
from ..errors import FieldError, NotFound
from ..extensions import db
from ..ledger import acts as ledger
from ..models_base import bump_data_version
from ..permissions import community_ids
from ..stats.cells import DEFAULT_K, MAX_K, MIN_K
from ..tabular import ImportReport, RowError, open_upload
from .models import CODE_HOLDERS, PERIOD_TRANSITIONS, Building, Community, Household, Period

HOUSEHOLD_COLUMNS = {
    "building": ("楼栋", "building", "楼号"),
    "unit": ("单元", "unit"),
    "room": ("房号", "room", "室"),
    "phone_tail": ("手机尾号", "phone_tail", "phone tail", "电话后四位"),
    "area": ("建筑面积", "area", "面积"),
}
HOUSEHOLD_TEMPLATE_HEADERS = ["楼栋", "单元", "房号", "手机尾号", "建筑面积"]



def visible_communities(permission: str = "community.view") -> list[Community]:
    """Communities the current user may see, by name."""
    allowed = community_ids(permission)
    query = select(Community).order_by(Community.name)
    if allowed is not None:
        query = query.where(Community.id.in_(allowed or [-1]))
    return list(db.session.scalars(query))


def get_community(community_id: int) -> Community:
    """A community or 404."""
    community = db.session.get(Community, community_id)
    if community is None:
        raise NotFound
    return community


def save_community(community: Community | None, *, name: str, code: str, address: str = "",
                   company: str = "", min_cell_size: int | None = None,
                   code_holder: str | None = None) -> Community:
    """Create or update a community; names and codes are unique."""
    k = _cell_size(community, min_cell_size)
    if code_holder is not None and code_holder not in CODE_HOLDERS:
        raise FieldError("code_holder", _("Choose who holds the access codes."))
    for field, value in (("name", name), ("code", code)):
        clash = db.session.scalar(select(Community).where(getattr(Community, field) == value))
        if clash is not None and clash is not community:
            raise FieldError(field, _("This value is already used by another community."))
    created = community is None
    community = community or Community()
    community.name, community.code = name.strip(), code.strip()
    community.address, community.company = address or "", company or ""
    changed_k = community.min_cell_size != k
    community.min_cell_size = k
    before = community.code_holder
    community.code_holder = code_holder or before or "committee"
    db.session.add(community)
    db.session.flush()
    # who holds the codes is part of the record both parties see (audit log)
    audit.record("community.create" if created else "community.update", community,
                 community_id=community.id, code_holder=community.code_holder,
                 code_holder_before=before, **({"min_cell_size": k} if changed_k else {}))
    return community


def _cell_size(community: Community | None, value) -> int:
    """The small-cell k to store: the value given (1 … 50), else the current or default one."""
    if value is None:
        return community.min_cell_size if community and community.min_cell_size else DEFAULT_K
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_K <= value <= MAX_K:
        raise FieldError("min_cell_size", _("Enter a whole number from 1 to 50."))
    return value


def building_summary(community_id: int) -> list[tuple[Building, int]]:
    """Buildings with their household counts, in one query."""
    rows = db.session.execute(
        select(Building, func.count(Household.id))
        .outerjoin(Household, Household.building_id == Building.id)
        .where(Building.community_id == community_id)
        .group_by(Building.id)
        .order_by(Building.sort_key, Building.name)
    )
    return [(b, n) for b, n in rows]


def households(community_id: int, building_id: int | None = None, page: int = 1):
    """A page of a community's households."""
    # shorter first, then by text: room 101 … 902 before 1001 (numbers are stored as text)
    query = (select(Household).join(Building).where(Household.community_id == community_id)
             .order_by(Building.sort_key, Building.name, func.length(Household.unit),
                       Household.unit, func.length(Household.room), Household.room))
    if building_id:
        query = query.where(Household.building_id == building_id)
    return db.paginate(query, page=page, per_page=50, error_out=False)


def create_period(community: Community, label: str, start: date, end: date) -> Period:
    """Add a draft period; labels are unique within a community."""
    if end < start:
        raise FieldError("end_date", _("The end date must not be before the start date."))
    clash = db.session.scalar(select(Period).filter_by(community_id=community.id, label=label))
    if clash is not None:
        raise FieldError("label", _("This community already has a period with this label."))
    period = Period(community_id=community.id, label=label.strip(), start_date=start,
                    end_date=end, status="draft")
    db.session.add(period)
    db.session.flush()
    audit.record("period.create", period)
    return period


def get_period(community_id: int, period_id: int) -> Period:
    """A period of the community or 404."""
    period = db.session.get(Period, period_id)
    if period is None or period.community_id != community_id:
        raise NotFound
    return period


def change_period_status(period: Period, status: str) -> Period:
    """Move a period along draft → open → closed → published (or back where allowed)."""
    if status not in PERIOD_TRANSITIONS.get(period.status, ()):
        raise FieldError("status", _("A period cannot move from %(a)s to %(b)s.",
                                         a=period.status, b=status))
    old = period.status
    if not transitions.advance(period, {"status": old}, {"status": status}):
        raise FieldError("status", transitions.conflict_message())
    audit.record("period.status", period, old=old, new=status)
    db.session.flush()
    ledger.period_status_changed(period, old, status)
    return period


def touch_period(period_id: int) -> None:
    """Mark a period's scored data as changed by hand (rows registered with
    models_base.feeds_results do this themselves when flushed)."""
    bump_data_version(db.session.connection(), [period_id])


def _row_values(row: dict, mapping: dict) -> dict[str, str]:
    return {key: row.get(header, "") for key, header in mapping.items()}


def _check_household_row(number: int, values: dict, seen: set, report: ImportReport) -> bool:
    """Append the row's problems to the report; True when the row is good."""
    before = len(report.errors)
    if not values.get("building"):
        report.errors.append(RowError(number, "楼栋", _("building is required")))
    if not values.get("room"):
        report.errors.append(RowError(number, "房号", _("room is required")))
    for key, limit in (("building", 40), ("unit", 20), ("room", 20)):
        if len(values.get(key, "")) > limit:
            report.errors.append(RowError(number, key, _("longer than %(n)d characters", n=limit)))
    tail = values.get("phone_tail", "")
    if tail and not re.fullmatch(r"\d{4}", tail):
        report.errors.append(RowError(number, "手机尾号",
                                      _("must be exactly 4 digits, got %(v)s", v=tail)))
    area = values.get("area", "")
    if area:
        try:
            if float(area) <= 0:
                raise ValueError
        except ValueError:
            report.errors.append(RowError(number, "建筑面积",
                                          _("must be a positive number, got %(v)s", v=area)))
    key = (values.get("building"), values.get("unit", ""), values.get("room"))
    if all(key[::2]) and key in seen:
        report.errors.append(RowError(number, "房号", _("duplicate of an earlier row")))
    seen.add(key)
    return len(report.errors) == before


def import_households(community: Community, filename: str, data: bytes) -> ImportReport:
    """Import households from .csv/.xlsx: all rows or, if any row is bad, none."""
    report, _headers, rows, mapping = open_upload(filename, data, HOUSEHOLD_COLUMNS,
                                                  ("building", "room"))
    if report.errors:
        return report
    if not rows:
        report.errors.append(RowError(2, "", _("the file has no data rows")))
        return report
    seen: set = set()
    good = [(n, v) for n, row in rows
            if _check_household_row(n, v := _row_values(row, mapping), seen, report)]
    if report.errors:
        return report
    _apply_households(community, [v for _n, v in good], report)
    audit.record("household.import", community, community_id=community.id,
                 created=report.created, updated=report.updated, file=filename)
    return report


def _apply_households(community: Community, rows: list[dict], report: ImportReport) -> None:
    """Upsert validated rows: new buildings and households are created, others updated."""
    buildings = {b.name: b for b in community.buildings}
    existing = {
        (h.building_id, h.unit, h.room): h
        for h in db.session.scalars(select(Household).filter_by(community_id=community.id))
    }
    for values in rows:
        building = buildings.get(values["building"])
        if building is None:
            building = Building(community=community, name=values["building"],
                                sort_key=_natural_key(values["building"]))
            db.session.add(building)
            db.session.flush()
            buildings[building.name] = building
        key = (building.id, values.get("unit", ""), values["room"])
        household = existing.get(key)
        if household is None:
            household = Household(community_id=community.id, building_id=building.id,
                                  unit=key[1], room=key[2])
            db.session.add(household)
            existing[key] = household
            report.created += 1
        else:
            report.updated += 1
        household.phone_tail = values.get("phone_tail") or household.phone_tail
        household.area_m2 = float(values["area"]) if values.get("area") else household.area_m2
    db.session.flush()


def _natural_key(name: str) -> int:
    """Sort '2号楼' before '10号楼'."""
    digits = re.search(r"\d+", name)
    return int(digits.group()) if digits else 0
