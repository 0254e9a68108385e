"""Forms of internal inspections."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..forms_base import CorrectionForm  # noqa: F401  (the record page's shared form)
from ..inspections.models import INTERNAL_KINDS


class InternalForm(FlaskForm):
    kind = SelectField(_l("Kind"), default="patrol",
                       choices=[SelectChoice(k, v) for k, v in INTERNAL_KINDS.items()])
    inspection_date = DateField(_l("Inspection date"), validators=[DataRequired()])
    start_time = TimeField(_l("Start time"), validators=[Optional()],
                           description=_l("Kept to analyse findings by time of day "
                                          "(night: 20:00 to 06:00)."))
    inspector = StringField(_l("Inspector"), validators=[Optional(), Length(max=80)],
                            description=_l("Leave empty for your own name."))
    inspector_from = StringField(
        _l("Inspector's department or community"), validators=[Optional(), Length(max=120)],
        description=_l("Required for a cross inspection: the other department or community "
                       "the inspector comes from."))
    area = StringField(_l("Areas to inspect"), validators=[Optional(), Length(max=255)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)],
                        description=_l("Leave empty for the kind and the date."))


class FinishForm(FlaskForm):
    """CSRF only: the inspector closes their own record."""
