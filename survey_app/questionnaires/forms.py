"""Forms of the questionnaire drafts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp


class NewDraftForm(FlaskForm):
    """Start a draft from a shipped definition file or a published version."""

    source = SelectField(_l("Start from"), validators=[DataRequired()])


class UploadDraftForm(FlaskForm):
    """Start a draft from a YAML file (as downloaded from a draft or a version)."""

    file = FileField(_l("Questionnaire file (.yaml, or XLSForm .xlsx)"), validators=[
        FileRequired(), FileAllowed(["yaml", "yml", "xlsx"],
                                    _l("Only .yaml, .yml or XLSForm .xlsx files."))])


class DraftYamlForm(FlaskForm):
    """The whole definition as YAML text: the editor that works without any script."""

    yaml = TextAreaField(_l("Definition (YAML)"),
                         validators=[DataRequired(), Length(max=200_000)])


TYPE_CHOICES = [SelectChoice(*pair) for pair in [("likert", _l("rating scale")), ("single_choice", _l("single choice")),
                ("multi_choice", _l("multiple choice")), ("nps", _l("recommendation (NPS)")),
                ("number", _l("numeric answer")), ("text", _l("free text")),
                ("photo", _l("photo item")), ("yes_no", _l("yes / no")),
                ("points", _l("points item"))]]


class SectionForm(FlaskForm):
    """A new section at the end of the draft."""

    section_id = StringField(_l("Section id"), validators=[
        DataRequired(), Regexp(r"^[A-Za-z][A-Za-z0-9_]*$", message=_l(
            "Use letters, digits and _ , starting with a letter.")), Length(max=40)])
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])


class ItemForm(FlaskForm):
    """One item; the schema's objections come back on these fields."""

    item_id = StringField(_l("Item id"), validators=[DataRequired(), Length(max=40)])
    type = SelectField(_l("Type"), choices=TYPE_CHOICES)
    text_zh = TextAreaField(_l("Question (Chinese)"), validators=[DataRequired(),
                                                                   Length(max=1000)])
    text_en = TextAreaField(_l("Question (English)"), validators=[Optional(), Length(max=1000)])
    required = BooleanField(_l("Required"))
    allow_na = BooleanField(_l("不适用 allowed"), default=True)
    dimension = SelectField(_l("Dimension"), choices=[])
    options = TextAreaField(_l("Options"), description=_l(
        "One per line: value | Chinese | English (for single and multiple choice)."))
    show_if_item = SelectField(_l("Show only when this earlier item"), choices=[])
    show_if_value = StringField(_l("has the answer"), validators=[Optional(), Length(max=100)])


class ChecklistItemForm(ItemForm):
    """A checklist item: the item fields plus its scoring (分值, 扣分标准, 合格线, photos)."""

    max_points = FloatField(_l("Max points (分值)"), validators=[Optional()])
    deduction_per = FloatField(_l("Points off per occurrence (按处扣分)"), validators=[Optional()],
                               description=_l("Leave empty to score the item by points only."))
    deduction_floor = FloatField(_l("Lowest score after deductions"), validators=[Optional()],
                                 description=_l("0: deduct down to zero (扣完为止)."))
    deduction_rule_zh = StringField(_l("Deduction rule (Chinese)"),
                                    validators=[Optional(), Length(max=300)])
    pass_line = FloatField(_l("Pass line (合格线)"), validators=[Optional()],
                           description=_l("Empty: anything below full marks is a finding."))
    standard_zh = TextAreaField(_l("Standard (Chinese)"), validators=[Optional(),
                                                                      Length(max=1000)])
    max_photos = IntegerField(_l("Photos at most"), validators=[Optional(), NumberRange(1, 20)])


class TotalPointsForm(FlaskForm):
    """The total (满分) a checklist claims; its points items must add up to it."""

    total_points = FloatField(_l("Total points claimed (满分)"), validators=[
        Optional(), NumberRange(min=1, max=10000)], description=_l(
            "Empty: no claim. With a total, the points items must add up to it exactly."))
