"""Forms: generate a report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice


class ReportForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[SelectChoice("zh_CN", "中文"),
                                                        SelectChoice("en", "English")],
                           default="zh_CN")
    quotes = SelectMultipleField(
        _l("Comments to quote"), coerce=int, choices=[], validate_choice=False,
        widget=widgets.ListWidget(prefix_label=False), option_widget=widgets.CheckboxInput(),
        description=_l("Owners' open comments of this period (shown without any household "
                       "information); tick up to 12 to quote in the report."))

    def set_comments(self, comments: list[dict]) -> None:
        """Offer the period's open comments as checkboxes."""
        self.quotes.choices = [SelectChoice(c["id"], c["text"]) for c in comments]
