"""Forms: propose an act, confirm it with the preview's hash, withdraw it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class ProposeForm(FlaskForm):
    note = StringField(_l("Note for owners"), validators=[Optional(), Length(max=500)])
    reason = TextAreaField(_l("Reason for reopening"), validators=[Optional(), Length(max=500)])
    takedown_reason = TextAreaField(_l("Reason for taking the notice down"),
                                    validators=[Optional(), Length(max=500)])


class ConfirmForm(FlaskForm):
    #: sha256 of the preview shown on the page; the service refuses a missing or stale one
    preview_hash = HiddenField()


class WithdrawProposalForm(FlaskForm):
    pass
