"""The opt-in section: a mobile number, the code sent to it, and the consent."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from .models import CONSENT_TEXTS, CONSENT_VERSION


class OptInFields(FlaskForm):
    """The fields of an opt-in, with the consent text of the current version."""

    consent_version = CONSENT_VERSION
    phone = StringField(_l("Mobile number for text messages"),
                        validators=[Optional(), Length(max=20)],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    send_code = SubmitField(_l("Send code"))
    code = StringField(_l("Verification code"), validators=[Optional(), Length(max=10)],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code",
                                  "maxlength": "6"})
    consent = BooleanField(CONSENT_TEXTS[CONSENT_VERSION])


class OptInForm(OptInFields):
    """Embedded in an owner's form (prefix ``notify``); the outer form carries the CSRF token."""

    class Meta:
        csrf = False


class SubscribeForm(OptInFields):
    """The stand-alone subscription page: the same fields, with its own CSRF token, and the
    household to remind while it has not answered the owner survey (optional)."""

    subscribe = SubmitField(_l("Subscribe"))
    remind_survey = BooleanField(_l("Also remind me while my household has not answered "
                                    "the owner survey"))
    building = SelectField(_l("Building"), coerce=int, validators=[Optional()])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    room = StringField(_l("Room"), validators=[Optional(), Length(max=20)])
