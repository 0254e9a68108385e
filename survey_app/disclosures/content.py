"""What each kind of disclosure holds, and the checks on it: pure, no Flask or database.

Amounts are kept as strings of exact decimals ("12345.60"), so a published table adds up to
the cent forever; the stated totals must equal the sums of the rows.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

KINDS = ("work_report", "fees", "shared_income", "maintenance_fund", "major_matter")
KIND_LABELS = {
    "work_report": _l("Quarterly work report"),
    "fees": _l("Property fee income and expenditure"),
    "shared_income": _l("Shared income"),
    "maintenance_fund": _l("Use of the maintenance fund"),
    "major_matter": _l("Major matter"),
}
#: the sections of a quarterly work report (seed 000 §(二), seed 002 §3.4/§4.4)
REPORT_SECTIONS = ("overview", "quality", "tickets", "facilities", "finances", "plan")
SECTION_LABELS = {
    "overview": _l("Work done this quarter"),
    "quality": _l("Service quality, inspections and rectification"),
    "tickets": _l("Complaints and repairs handled"),
    "facilities": _l("Operation and maintenance of facilities and equipment"),
    "finances": _l("Notes on income and expenditure"),
    "plan": _l("Plan for the next quarter"),
}
REQUIRED_SECTIONS = ("overview", "plan")
#: table kinds: the tables each holds (income and expenditure, or one list of items)
TABLES = {"fees": ("income", "expenditure"), "shared_income": ("income", "expenditure")}
TABLE_LABELS = {"income": _l("Income"), "expenditure": _l("Expenditure")}
MAX_AMOUNT = Decimal("10000000000")
CENT = Decimal("0.01")


class ContentError(ValueError):
    """A field of the content is wrong; ``field`` is its form name (e.g. income-2-amount)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def parse_amount(text: str | None, field: str, label: str) -> Decimal:
    """An amount in yuan with at most two decimals, 0 ≤ amount < 10¹⁰; ContentError if not."""
    raw = (text or "").strip().replace(",", "").replace("，", "").replace("¥", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ContentError(field, _l("%(field)s must be an amount in yuan, for example "
                                     "12800.50.", field=label)) from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ContentError(field, _l("%(field)s must be between 0 and 10 billion yuan.",
                                     field=label))
    if value != value.quantize(CENT):
        raise ContentError(field, _l("%(field)s may have at most two decimals (fen).",
                                     field=label))
    return value.quantize(CENT)


def checked_rows(rows: list[dict], table: str) -> list[dict]:
    """Rows with a category and an amount (blank rows dropped), amounts normalised."""
    kept = []
    for index, row in enumerate(rows):
        category = (row.get("category") or "").strip()
        amount = (row.get("amount") or "").strip()
        if not category and not amount:
            continue
        where = _l("%(table)s row %(n)s", table=TABLE_LABELS[table], n=index + 1)
        if not category:
            raise ContentError(f"{table}-{index}-category",
                               _l("%(where)s needs a category.", where=where))
        value = parse_amount(amount, f"{table}-{index}-amount",
                             _l("The amount of %(where)s", where=where))
        kept.append({"category": category, "amount": str(value)})
    return kept


def total_of(rows: list[dict]) -> Decimal:
    """The exact sum of the rows' amounts."""
    return sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))


def check_total(rows: list[dict], stated: str | None, field: str, label: str) -> str:
    """The stated total, which must equal the sum of the rows to the fen."""
    value = parse_amount(stated, field, label)
    actual = total_of(rows)
    if value != actual:
        raise ContentError(field, _l("%(field)s is %(stated)s but the rows add up to "
                                     "%(actual)s: correct a row or the total.", field=label,
                                     stated=f"{value:,.2f}", actual=f"{actual:,.2f}"))
    return str(value)


def balance(content: dict) -> Decimal:
    """Income minus expenditure of a table kind."""
    return total_of(content.get("income", [])) - total_of(content.get("expenditure", []))


def canonical(content: dict) -> str:
    """The content as canonical JSON, the form its hash is taken of."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(title: str, covering: str, content: dict) -> str:
    """sha256 of what owners will read: the committee confirms exactly this."""
    text = canonical({"title": title, "covering": covering, "content": content})
    return hashlib.sha256(text.encode()).hexdigest()


def _text(raw: str | None, field: str, label, limit: int, required: bool) -> str:
    text = (raw or "").strip()
    if required and not text:
        raise ContentError(field, _l("Please fill in %(field)s.", field=label))
    if len(text) > limit:
        raise ContentError(field, _l("%(field)s is longer than %(n)s characters.",
                                     field=label, n=limit))
    return text


def _work_report(raw: dict) -> dict:
    sections = []
    for key in REPORT_SECTIONS:
        text = _text(raw.get(key), key, SECTION_LABELS[key], 5000, key in REQUIRED_SECTIONS)
        if text:
            sections.append({"key": key, "text": text})
    return {"sections": sections}


def _tables(raw: dict) -> dict:
    content: dict = {}
    for table in ("income", "expenditure"):
        rows = checked_rows(raw.get(table) or [], table)
        label = _l("The total of %(table)s", table=TABLE_LABELS[table])
        content[table] = rows
        content[f"{table}_total"] = check_total(rows, raw.get(f"{table}_total") or "0",
                                                f"{table}_total", label)
    if not content["income"] and not content["expenditure"]:
        raise ContentError("income-0-category", _l("Enter at least one row of income or "
                                                   "expenditure."))
    return content


def _fund_item(row: dict, index: int) -> dict | None:
    if not any((row.get(k) or "").strip() for k in ("date", "item", "amount", "approval")):
        return None
    where = _l("Item %(n)s", n=index + 1)
    date = _text(row.get("date"), f"items-{index}-date", _l("the date of %(w)s", w=where),
                 10, True)
    if len(date) != 10 or date[4] != "-" or date[7] != "-" or not date.replace("-", "").isdigit():
        raise ContentError(f"items-{index}-date", _l("The date of %(w)s must be written like "
                                                     "2026-08-25.", w=where))
    return {"date": date,
            "item": _text(row.get("item"), f"items-{index}-item", _l("the work of %(w)s",
                                                                       w=where), 200, True),
            "amount": str(parse_amount(row.get("amount"), f"items-{index}-amount",
                                       _l("The amount of %(w)s", w=where))),
            "approval": _text(row.get("approval"), f"items-{index}-approval",
                              _l("how %(w)s was approved", w=where), 200, True)}


def _maintenance_fund(raw: dict) -> dict:
    items = [item for index, row in enumerate(raw.get("items") or [])
             if (item := _fund_item(row, index))]
    if not items:
        raise ContentError("items-0-date", _l("Enter at least one use of the fund."))
    total = check_total(items, raw.get("total"), "total", _l("The total used"))
    return {"items": items, "total": total}


def _major_matter(raw: dict) -> dict:
    return {"text": _text(raw.get("text"), "text", _l("the description"), 5000, True)}


CHECKS = {"work_report": _work_report, "fees": _tables, "shared_income": _tables,
          "maintenance_fund": _maintenance_fund, "major_matter": _major_matter}


def check_content(kind: str, raw: dict) -> dict:
    """The content of a disclosure of `kind` from the form's values; ContentError if wrong."""
    if kind not in CHECKS:
        raise ContentError("kind", _l("Unknown kind of disclosure."))
    return CHECKS[kind](raw)


def yuan(amount: str | Decimal | None) -> str:
    """An amount for reading: 12,800.50 (exact, two decimals)."""
    return "—" if amount in (None, "") else format(Decimal(str(amount)), ",.2f")
