"""Forms more than one feature shows the same way."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class CorrectionForm(FlaskForm):
    """Reopen a signed record for correction: the reason is kept with the new revision."""

    reason = TextAreaField(_l("Reason for the correction"),
                           validators=[DataRequired(), Length(max=2000)])


#: WTForms' own messages, which do not say which field they mean ("该字段是必填字段。"),
#: and ours, which name it; matched as WTForms translated them for the field
FRAMEWORK_MESSAGES = {
    "This field is required.": _l("Please fill in %(field)s."),
    "Not a valid choice.": _l("Choose one of the options offered for %(field)s."),
    "Not a valid float value.": _l("%(field)s must be a number."),
    "Not a valid decimal value.": _l("%(field)s must be a number."),
    "Not a valid integer value.": _l("%(field)s must be a whole number."),
    "Not a valid date value.": _l("%(field)s must be a date, for example 2026-08-25."),
    "Not a valid datetime value.": _l("%(field)s must be a date and time."),
}


def field_error_text(field, error) -> str:
    """An error beside its field, naming the field; framework defaults are reworded."""
    label = str(field.label.text).strip("?？:： ")
    for default, ours in FRAMEWORK_MESSAGES.items():
        if str(error) in (default, field.gettext(default)):
            return str(ours) % {"field": f"“{label}”"}
    return _("%(field)s: %(error)s", field=label, error=error)
