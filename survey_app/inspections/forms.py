"""Forms of the inspection walk-round, sign-off and rectification loop."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms_base import CorrectionForm  # noqa: F401  (shared with assessments)
from .models import KINDS, MODES, ORGANISATIONS, SEVERITIES


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in labels.items()]


class ScheduleForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=_choices(KINDS), default="quarterly")
    inspection_date = DateField(_l("Inspection date"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)],
                        description=_l("Leave empty for a title from the period."))
    area = StringField(_l("Areas to inspect"), validators=[Optional(), Length(max=255)],
                       description=_l("For example: buildings 3 and 7, main roads, car park"))
    second_quarterly = BooleanField(_l("Yes, schedule a second quarterly inspection in this "
                                       "quarter"))


class ParticipantForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=80)],
                       description=_l("May stay empty when an account is chosen."))
    organisation = SelectField(_l("Organisation"), choices=_choices(ORGANISATIONS))
    role = StringField(_l("Role"), validators=[Optional(), Length(max=80)],
                       description=_l("For example: committee director, grid worker, "
                                      "project manager"))
    #: choices are set per request: accounts of the community's committee and company
    user_id = SelectField(_l("Account"), coerce=int, choices=[], validate_choice=False,
                          description=_l("A participant with an account signs from it; "
                                         "without one, they sign on their own phone through "
                                         "a one-time link."))


class SignForm(FlaskForm):
    """CSRF only: the signer is the signed-in account, never a typed name."""


class ItemForm(FlaskForm):
    """One checklist item; the page has one of these per item (prefix = item id)."""

    mode = RadioField(_l("Scoring"), choices=_choices(MODES), default="deductions",
                      validators=[DataRequired()])
    points = FloatField(_l("Points awarded"), validators=[Optional()])
    count = IntegerField(_l("Problems found"), validators=[Optional(), NumberRange(0, 1000)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    photos = MultipleFileField(_l("Photos"))


class RectificationForm(FlaskForm):
    department = StringField(_l("Responsible department"),
                             validators=[DataRequired(), Length(max=80)])
    description = TextAreaField(_l("What must be fixed"),
                                validators=[DataRequired(), Length(max=2000)])
    severity = SelectField(_l("Severity"), choices=_choices(SEVERITIES), default="minor")
    due_date = DateField(_l("Due date"), validators=[Optional()],
                         description=_l("Empty: 2 days if emergency, 7 if urgent, 14 if normal."))
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Responsible account"), coerce=int, choices=[])


class EvidenceForm(FlaskForm):
    note = TextAreaField(_l("What was done"), validators=[Optional(), Length(max=2000)])
    photos = MultipleFileField(_l("Evidence photos"))


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Re-inspection note"), validators=[Optional(), Length(max=2000)])
    due_date = DateField(_l("New due date (if sent back)"), validators=[Optional()])
    photos = MultipleFileField(_l("Re-inspection photos"))
