"""The signing page's form: the signer's own name and the drawing from the canvas."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class DrawnSignatureForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    #: a data: URL of the canvas as PNG, filled in by static/js/signature-pad.js
    signature = HiddenField(_l("Signature"))
