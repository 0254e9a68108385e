"""Forms of the notification pages (the channel grid is read from the request by name)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


class PreferencesForm(FlaskForm):
    """Email address and quiet hours; the per-group channel boxes are named group:channel."""

    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)],
                       description=_l("Where email notifications go; leave empty for none."))
    quiet_start = TimeField(_l("Quiet hours from"), validators=[InputRequired()],
                            description=_l("No SMS or WeChat messages in these hours, except "
                                           "emergencies (local time)."))
    quiet_end = TimeField(_l("Quiet hours until"), validators=[InputRequired()])


class MarkReadForm(FlaskForm):
    """Mark one or all notifications read (only the CSRF token)."""


class EscalationStepForm(FlaskForm):
    """One step of the escalation chain: a level, and one account or a role."""

    level = SelectField(_l("Level"), validators=[DataRequired()])
    user_id = SelectField(_l("Account"), coerce=int, validators=[Optional()])
    role = SelectField(_l("Or every account with the role"), validators=[Optional()])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=100)],
                             description=_l("Only tickets of this department (as written when "
                                            "dispatching); leave empty for all."))


class PhoneForm(FlaskForm):
    """The account's mobile number for SMS and the code sent to it (prefix ``sms``)."""

    phone = StringField(_l("Mobile number for text messages"),
                        validators=[Optional(), Length(max=30)],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    send_code = SubmitField(_l("Send code"))
    code = StringField(_l("Verification code"), validators=[Optional(), Length(max=10)],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code",
                                  "maxlength": "6"})
    verify = SubmitField(_l("Verify"))


class WechatBindForm(FlaskForm):
    """Bind or unbind the account's WeChat (only the CSRF token)."""
