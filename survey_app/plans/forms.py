"""Forms of recurring inspection plans."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..inspections.models import ALL_KINDS
from .models import RECURRENCES


class PlanForm(FlaskForm):
    kind = SelectField(_l("Kind of inspection"),
                       choices=[SelectChoice(k, v) for k, v in ALL_KINDS.items()])
    recurrence = SelectField(_l("Due"), choices=[SelectChoice(k, v)
                                                 for k, v in RECURRENCES.items()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)],
                        description=_l("Leave empty for the kind of inspection."))
    area = StringField(_l("Area"), validators=[Optional(), Length(max=255)],
                       description=_l("Optional, e.g. 3号楼: only inspections naming this area "
                                      "cover the plan."))
    starts_on = DateField(_l("From"), validators=[DataRequired()])
    ends_on = DateField(_l("Until"), validators=[Optional()],
                        description=_l("Leave empty for no end."))
    #: choices are set per request: accounts that work in the community
    assignees = SelectMultipleField(_l("Assignees"), coerce=int, choices=[],
                                    validate_choice=False)
    second_ok = BooleanField(_l("Yes, plan a second inspection of this kind in the same "
                                "quarter"))
