"""Forms more than one feature shows the same way."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class CorrectionForm(FlaskForm):
    """Reopen a signed record for correction: the reason is kept with the new revision."""

    reason = TextAreaField(_l("Reason for the correction"),
                           validators=[DataRequired(), Length(max=2000)])
