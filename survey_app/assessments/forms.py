"""Forms of the third-party assessment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms_base import CorrectionForm as ReopenForm  # noqa: F401  (shared)


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as checkboxes (works without JS, easy to tap)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])
    contact = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    qualification = StringField(_l("Qualification"), validators=[Optional(), Length(max=255)],
                                description=_l("For example a certificate or licence number"))


class ProjectForm(FlaskForm):
    organisation = SelectField(_l("Assessment organisation"), coerce=int,
                               validators=[DataRequired()])
    questionnaire = SelectField(_l("Score sheet"), coerce=int, validators=[DataRequired()])
    assessors = CheckboxesField(_l("Assessors"), coerce=int,
                                description=_l("At least two; each scores independently."))
    lead = SelectField(_l("Lead assessor"), coerce=int, validators=[DataRequired()])


class SheetForm(FlaskForm):
    """CSRF only: the item fields are read by the scoring service."""


class RescoreForm(FlaskForm):
    items = CheckboxesField(_l("Items to rescore"), choices=[])
    assessors = CheckboxesField(_l("Assessors who rescore"), coerce=int, choices=[])
    note = TextAreaField(_l("Note to the assessors"), validators=[Optional(), Length(max=1000)],
                         description=_l("What to look at again, e.g. the standard to apply."))


#: what signing does, said where the signer confirms it
SIGN_CONFIRM = _l("I sign with my own account. When every assessor has signed, the assessment "
                  "is locked, its scores count in this period's results and only a correction "
                  "started by the lead can change them.")
ACKNOWLEDGE = _l("Some items are still flagged high disagreement: I have looked at them and "
                 "sign with these scores.")


class CountersignForm(FlaskForm):
    """An assessor's own signature: the confirmation of what signing does."""

    confirm = BooleanField(SIGN_CONFIRM, validators=[DataRequired(
        message=_l("Tick the box to confirm that you sign and what signing does."))])
    acknowledge = BooleanField(ACKNOWLEDGE)


class SignOffForm(CountersignForm):
    strengths = TextAreaField(_l("Strengths"), validators=[DataRequired(), Length(max=5000)])
    problems = TextAreaField(_l("Problems"), validators=[DataRequired(), Length(max=5000)])
    recommendations = TextAreaField(_l("Recommendations"),
                                    validators=[DataRequired(), Length(max=5000)])


class ConclusionsForm(FlaskForm):
    """A draft of the conclusions: every field may still be empty."""

    strengths = TextAreaField(_l("Strengths"), validators=[Optional(), Length(max=5000)])
    problems = TextAreaField(_l("Problems"), validators=[Optional(), Length(max=5000)])
    recommendations = TextAreaField(_l("Recommendations"),
                                    validators=[Optional(), Length(max=5000)])


class AssessorAccountForm(FlaskForm):
    organisation = SelectField(_l("Assessment organisation"), coerce=int,
                               validators=[DataRequired()])
    community = SelectField(_l("Community"), coerce=int, validators=[DataRequired()])
    username = StringField(_l("Username"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters, digits, . - and _ only."))])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                               description=_l("For example 评估员 张工"))
    password = PasswordField(_l("Initial password"),
                             validators=[DataRequired(), Length(min=8, max=200)])


ASSIGNMENT_ACTIONS = (("add", _l("Add assessor")), ("remove", _l("Remove assessor")),
                      ("lead", _l("Make lead assessor")))


class AssignmentForm(FlaskForm):
    #: choices are set per request (tuples given at class level are deprecated in WTForms)
    action = SelectField(_l("Action"), choices=[])
    user = SelectField(_l("Assessor"), coerce=int, validators=[DataRequired()])
