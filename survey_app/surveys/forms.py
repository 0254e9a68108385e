"""Forms of the survey pages (answer fields are dynamic and checked in questions.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp


def options(pairs) -> list[SelectChoice]:
    """Select/radio choices from (value, label) pairs (tuples are deprecated in WTForms)."""
    return [SelectChoice(value, label) for value, label in pairs]


class AnswerForm(FlaskForm):
    """CSRF plus the section the page shows; the q_* fields are read from request.form."""

    section = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(_l("Access code (on your slip)"),
                       validators=[DataRequired(), Length(min=4, max=20)])


class VerifyForm(FlaskForm):
    building = SelectField(_l("Building"), coerce=int, validators=[DataRequired()])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    room = StringField(_l("Room"), validators=[DataRequired(), Length(max=20)])
    phone_tail = StringField(
        _l("Last four digits of the registered phone"),
        validators=[DataRequired(), Regexp(r"^\d{4}$", message=_l("Enter exactly four digits."))],
        description=_l("No phone number registered for your room? Ask the property service "
                       "centre for your household's access code."))


class PublishForm(FlaskForm):
    questionnaire = SelectField(_l("Questionnaire"), coerce=int, validators=[DataRequired()])
    access_mode = RadioField(
        _l("How owners reach the survey"), default="codes",
        choices=options([
            ("codes", _l("Per-household access codes on printed slips (recommended)")),
            ("open", _l("Open community link; owners enter building, unit and room"))]))


class PaperForm(FlaskForm):
    """Where a paper questionnaire came from; answers are the q_* fields."""

    building = SelectField(_l("Building"), coerce=int, validators=[DataRequired()])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    room = StringField(_l("Room"), validators=[DataRequired(), Length(max=20)])


class ImportForm(FlaskForm):
    file = FileField(
        _l("Paper responses (.xlsx or .csv)"),
        validators=[FileRequired(), FileAllowed(["xlsx", "csv"], _l("Only .xlsx or .csv files."))])


class ExcludeForm(FlaskForm):
    """Exclude the responses of one integrity signal; the reason is checked by the service
    (integrity.exclude), which names it when it is missing."""

    flag = SelectField(_l("Signal"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Reason (required, kept in the audit log)"),
                           validators=[Length(max=2000)])


class RemindForm(FlaskForm):
    """Send reminders to the opted-in owners of households not yet answered (one building
    when ``building`` is given, else all)."""

    building = HiddenField()
