"""Forms for communities, periods and the household import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..stats.cells import DEFAULT_K, MAX_K, MIN_K
from .models import CODE_HOLDER_LABELS

K_MESSAGE = _l("Enter a whole number from 1 to 50.")


class CommunityForm(FlaskForm):
    name = StringField(_l("Community name"), validators=[DataRequired(), Length(max=120)])
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40),
                    Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Letters, digits, - and _ only."))],
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    company = StringField(_l("Property company"), validators=[Optional(), Length(max=200)])
    min_cell_size = IntegerField(
        _l("Minimum responses per group (k)"), default=DEFAULT_K,
        # left out or blank keeps the community's k (5 for a new one)
        validators=[Optional(), NumberRange(min=MIN_K, max=MAX_K, message=K_MESSAGE)],
        description=_l("Results, reports, exports and the API hide any building with fewer "
                       "responses than this, so that no household's answers can be read off."))
    code_holder = SelectField(
        _l("Who holds the owners' access codes"),
        choices=[SelectChoice(key, label) for key, label in CODE_HOLDER_LABELS.items()],
        default="committee",
        description=_l("Only this party may print the code slips and see which households "
                       "have not answered; every print is shown to the other party."))


class PeriodForm(FlaskForm):
    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=40)],
                        description=_l("For example 2026-Q4"))
    start_date = DateField(_l("Start date"), validators=[DataRequired()])
    end_date = DateField(_l("End date"), validators=[DataRequired()])

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date must not be before the start date."))


class PeriodStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[])


class HouseholdImportForm(FlaskForm):
    file = FileField(
        _l("Household file (.xlsx or .csv)"),
        validators=[FileRequired(), FileAllowed(["xlsx", "csv"], _l("Only .xlsx or .csv files."))],
    )
