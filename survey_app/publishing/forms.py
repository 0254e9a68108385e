"""Forms: publish a period on the notice board, withdraw a publication."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional


class PublishForm(FlaskForm):
    note = StringField(_l("Note for owners"), validators=[Optional(), Length(max=500)])


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
