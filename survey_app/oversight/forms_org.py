"""Forms of the organisation page: companies, jurisdictions, who serves and who oversees."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional


class CompanyForm(FlaskForm):
    """A property-management company 物业服务企业."""

    name = StringField(_l("Company name"), validators=[DataRequired(), Length(max=200)])
    credit_code = StringField(_l("Unified social credit code (optional)"),
                              validators=[Optional(), Length(max=40)])


class JurisdictionForm(FlaskForm):
    """A district 区, or a 街道 / 社区 below its parent."""

    name = StringField(_l("Jurisdiction name"), validators=[DataRequired(), Length(max=120)])
    parent = SelectField(_l("Above it"), coerce=int, choices=[])


class AssignForm(FlaskForm):
    """From a day on, a company serves a community (the previous term ends the day before)."""

    community = SelectField(_l("Community"), coerce=int, choices=[])
    company = SelectField(_l("Company"), coerce=int, choices=[])
    start_date = DateField(_l("Serves from"), validators=[DataRequired()])


class PlaceForm(FlaskForm):
    """The 街道 or 社区 a community belongs to."""

    community = SelectField(_l("Community"), coerce=int, choices=[])
    jurisdiction = SelectField(_l("Sub-district or neighbourhood"), coerce=int, choices=[])


class ScopeForm(FlaskForm):
    """What a quality director (a company) or a government officer (a jurisdiction) sees."""

    user = SelectField(_l("Account"), coerce=int, choices=[])
    company = SelectField(_l("Company (for a quality director)"), coerce=int, choices=[])
    jurisdiction = SelectField(_l("Jurisdiction (for a government officer)"), coerce=int,
                               choices=[])
