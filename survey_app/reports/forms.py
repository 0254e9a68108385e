"""Forms: generate a report, publish/withdraw on the notice board, API tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional


class ReportForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[SelectChoice("zh_CN", "中文"),
                                                        SelectChoice("en", "English")],
                           default="zh_CN")
    quotes = TextAreaField(
        _l("Comments to quote"), validators=[Optional(), Length(max=6000)],
        description=_l("One owner comment per line, as it should appear in the report."))


class PublishForm(FlaskForm):
    note = StringField(_l("Note for owners"), validators=[Optional(), Length(max=500)])


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=120)],
                       description=_l("Who or what uses the token, e.g. the group's BI system."))
