"""Forms of the questionnaire drafts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length


class NewDraftForm(FlaskForm):
    """Start a draft from a shipped definition file or a published version."""

    source = SelectField(_l("Start from"), validators=[DataRequired()])


class UploadDraftForm(FlaskForm):
    """Start a draft from a YAML file (as downloaded from a draft or a version)."""

    file = FileField(_l("Questionnaire file (.yaml)"), validators=[
        FileRequired(), FileAllowed(["yaml", "yml"], _l("Only .yaml or .yml files."))])


class DraftYamlForm(FlaskForm):
    """The whole definition as YAML text: the editor that works without any script."""

    yaml = TextAreaField(_l("Definition (YAML)"),
                         validators=[DataRequired(), Length(max=200_000)])
