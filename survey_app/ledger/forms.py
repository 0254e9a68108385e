"""Forms: upload a PDF to check it against the published ones."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField


class VerifyForm(FlaskForm):
    pdf = FileField(_l("PDF report"),
                    description=_l("Only its fingerprint (sha256) is compared; the file is "
                                   "not kept."),
                    render_kw={"accept": "application/pdf,.pdf"})
