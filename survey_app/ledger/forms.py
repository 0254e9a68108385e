"""Forms: upload a PDF to check it against the published ones."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional


class VerifyForm(FlaskForm):
    pdf = FileField(_l("PDF report"),
                    description=_l("Only its fingerprint (sha256) is compared; the file is "
                                   "not kept."),
                    render_kw={"accept": "application/pdf,.pdf"})


class AuditFilterForm(FlaskForm):
    """Filters of the audit-log viewer (a GET form: bookmarkable, no CSRF token needed)."""

    class Meta:
        csrf = False

    who = StringField(_l("Who"), validators=[Optional(), Length(max=80)])
    what = SelectField(_l("What"), choices=[], validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    community = SelectField(_l("Community"), coerce=int, choices=[], validators=[Optional()])
