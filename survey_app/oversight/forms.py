"""Forms of escalated complaints: the owner's escalation, the 街道's request and answer,
the company's reply."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class EscalateForm(FlaskForm):
    """The owner escalates a complaint to the 街道."""

    note = TextAreaField(_l("What is still wrong (optional)"),
                         validators=[Optional(), Length(max=2000)])


class AskForm(FlaskForm):
    """The officer asks the company to reply."""

    note = TextAreaField(_l("What the company must explain"),
                         validators=[DataRequired(), Length(max=2000)])


class TextForm(FlaskForm):
    """A written reply or answer."""

    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=2000)])


class CloseQuarterForm(FlaskForm):
    """The quarter to record in every overseen community (choices: its period labels)."""

    label = SelectField(_l("Quarter"), validators=[DataRequired()], choices=[],
                        validate_choice=False)  # the service names a label nobody has
