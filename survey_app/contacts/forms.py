"""The opt-in sections: a mobile number, the code sent to it, and the consent; or WeChat."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from .models import CONSENT_TEXTS, CONSENT_VERSION, WECHAT_CONSENT_TEXTS, WECHAT_CONSENT_VERSION


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


class WechatOptInForm(FlaskForm):
    """The WeChat choice embedded in an owner's form (prefix ``wx``; the outer form carries
    the CSRF token): after sending, WeChat confirms who the owner is, silently."""

    consent_version = WECHAT_CONSENT_VERSION
    wechat = BooleanField(_l("Get notifications in WeChat"))
    wechat_consent = BooleanField(WECHAT_CONSENT_TEXTS[WECHAT_CONSENT_VERSION])

    class Meta:
        csrf = False


class WechatSubscribeForm(FlaskForm):
    """The subscription page's WeChat button: the consent, then off to WeChat."""

    consent_version = WECHAT_CONSENT_VERSION
    wechat_consent = BooleanField(WECHAT_CONSENT_TEXTS[WECHAT_CONSENT_VERSION])
    start = SubmitField(_l("Get notifications in WeChat"))


class WechatAgainForm(FlaskForm):
    """Try a failed WeChat sign-in again (the state names it; only this browser's works)."""

    state = HiddenField()
