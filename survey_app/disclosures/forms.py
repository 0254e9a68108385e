"""Forms: one per kind of disclosure, plus the small forms of submitting and confirming.

Tables offer blank rows (no script needed); "more rows" re-shows the form with four more.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .content import REPORT_SECTIONS, SECTION_LABELS

TABLE_ROWS = 8
FUND_ROWS = 6
MORE_ROWS = 4


class RowForm(Form):
    category = StringField(_l("Category"), validators=[Length(max=100)])
    amount = StringField(_l("Amount (yuan)"), render_kw={"inputmode": "decimal"})


class FundRowForm(Form):
    date = StringField(_l("Date"), render_kw={"placeholder": "2026-08-25"})
    item = StringField(_l("Work done"), validators=[Length(max=200)])
    amount = StringField(_l("Amount (yuan)"), render_kw={"inputmode": "decimal"})
    approval = StringField(_l("Approved by"), validators=[Length(max=200)],
                           render_kw={"placeholder": _l("e.g. owners' vote of 2026-07-20")})


class DisclosureForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    covering = StringField(_l("Period covered"), validators=[Length(max=40)],
                           render_kw={"placeholder": _l("e.g. 2026-Q4")})


class WorkReportForm(DisclosureForm):
    pass


for _key in REPORT_SECTIONS:
    setattr(WorkReportForm, _key, TextAreaField(SECTION_LABELS[_key], render_kw={"rows": 5}))


class TablesForm(DisclosureForm):
    income = FieldList(FormField(RowForm), min_entries=TABLE_ROWS)
    income_total = StringField(_l("Total income (yuan)"), render_kw={"inputmode": "decimal"})
    expenditure = FieldList(FormField(RowForm), min_entries=TABLE_ROWS)
    expenditure_total = StringField(_l("Total expenditure (yuan)"),
                                    render_kw={"inputmode": "decimal"})


class FundForm(DisclosureForm):
    items = FieldList(FormField(FundRowForm), min_entries=FUND_ROWS)
    total = StringField(_l("Total used (yuan)"), render_kw={"inputmode": "decimal"})


class MatterForm(DisclosureForm):
    text = TextAreaField(_l("Description"), render_kw={"rows": 8})


FORMS = {"work_report": WorkReportForm, "fees": TablesForm, "shared_income": TablesForm,
         "maintenance_fund": FundForm, "major_matter": MatterForm}


def raw_of(kind: str, form) -> dict:
    """The form's values in the shape content.check_content reads."""
    if kind == "work_report":
        return {key: form[key].data for key in REPORT_SECTIONS}
    if kind in ("fees", "shared_income"):
        return {"income": [e.data for e in form.income], "income_total": form.income_total.data,
                "expenditure": [e.data for e in form.expenditure],
                "expenditure_total": form.expenditure_total.data}
    if kind == "maintenance_fund":
        return {"items": [e.data for e in form.items], "total": form.total.data}
    return {"text": form.text.data}


def data_of(disclosure) -> dict:
    """A stored disclosure as form data, for editing."""
    content = disclosure.content
    data = {"title": disclosure.title, "covering": disclosure.covering}
    if disclosure.kind == "work_report":
        data.update({s["key"]: s["text"] for s in content.get("sections", [])})
    elif disclosure.kind == "major_matter":
        data["text"] = content.get("text", "")
    else:
        data.update({k: v for k, v in content.items() if k != "attachments"})
    return data


def more_rows(kind: str, form) -> None:
    """Add blank rows to the tables of the form."""
    lists = {"fees": ("income", "expenditure"), "shared_income": ("income", "expenditure"),
             "maintenance_fund": ("items",)}.get(kind, ())
    for name in lists:
        for _i in range(MORE_ROWS):
            form[name].append_entry()


def pad(kind: str, form) -> None:
    """Keep a few blank rows below the filled ones."""
    minimum = {"maintenance_fund": FUND_ROWS}.get(kind, TABLE_ROWS)
    for name in ("income", "expenditure", "items"):
        if name in form:
            while len(form[name]) < max(minimum, _filled(form[name]) + 2):
                form[name].append_entry()


def _filled(entries) -> int:
    return sum(1 for e in entries if any((v or "").strip() for v in e.data.values()))


class ActionForm(FlaskForm):
    """Submit or discard: a button and the CSRF token."""


class ConfirmForm(FlaskForm):
    sha256 = HiddenField()


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class AttachmentForm(FlaskForm):
    file = FileField(_l("Scanned page or photo"))
