"""The administrator's request form: one person's data, by phone number."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


class PersonRequestForm(FlaskForm):
    phone = StringField(_l("Phone number"), validators=[DataRequired(), Length(max=30)],
                        description=_l("The number the person left on their reports."))
    action = RadioField(_l("Request"), default="export",
                        choices=[SelectChoice("export", _l("Export their data (JSON file)")),
                                 SelectChoice("delete", _l("Delete their name, phone and room"))],
                        validators=[DataRequired()])
