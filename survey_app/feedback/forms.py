"""Forms for owners (report, rate) and staff (log, classify, dispatch, notes, callbacks, SLA)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..guards.fields import FiniteDecimalField
from .models import (
    CALENDAR_KINDS,
    CALLBACK_CHANNELS,
    DIMENSIONS,
    RATINGS,
    SEVERITIES,
    STATUSES,
    TYPES,
)

PHONE = Regexp(r"^[0-9+\- ]{5,20}$", message=_l("Digits only, for example 13812345678."))
#: the phone keypad on a phone, and the browser may fill in the owner's own number
TEL = {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _int_or_none(value):
    """A select's value as an id, or None for "all"."""
    return int(value) if value not in (None, "", "None") else None


def _choices(mapping):
    return options(mapping.items())


class OwnerReportForm(FlaskForm):
    """What an owner fills in on the phone: short, with everything but the text optional."""

    ticket_type = RadioField(_l("What would you like to do?"), default="repair",
                             choices=options([("repair", _l("Report a repair")),
                                              ("complaint", _l("Make a complaint")),
                                              ("suggestion", _l("Give a suggestion")),
                                              ("praise", _l("Praise"))]),
                             validators=[DataRequired()])
    category = SelectField(_l("Topic"), choices=[], validators=[Optional()])
    building_id = SelectField(_l("Building"), coerce=int, choices=[], validators=[Optional()])
    location = StringField(_l("Where exactly?"), validators=[Optional(), Length(max=200)],
                           description=_l("For example: unit 2, 5th floor lift hall"))
    room = StringField(_l("Room (if it is in your home)"), validators=[Optional(), Length(max=40)],
                       description=_l("For example: unit 2, room 501"))
    description = TextAreaField(_l("What happened?"),
                                validators=[DataRequired(), Length(min=4, max=2000)])
    photo = FileField(_l("Photo (optional)"))
    contact_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=60)])
    contact_phone = StringField(_l("Phone (optional)"), validators=[Optional(), PHONE],
                                render_kw=TEL,
                                description=_l("Only the service centre sees it. With a number "
                                               "the worker can call you to agree a time or ask "
                                               "the way; without one, you stay anonymous."))
    #: needed only with a name or phone; the text shown is privacy/consent.py's current one
    contact_consent = BooleanField(_l("I agree to this use of my name and phone"))


class StaffTicketForm(OwnerReportForm):
    """A ticket taken by phone, at the front desk, from a WeChat group or an inspection."""

    channel = SelectField(_l("Channel"), validators=[DataRequired()], choices=[])
    severity = SelectField(_l("Severity"), choices=_choices(SEVERITIES), default="normal")
    ticket_type = SelectField(_l("Type"), choices=_choices(TYPES), default="repair")
    contact_name = StringField(_l("Owner name"), validators=[Optional(), Length(max=60)])
    contact_phone = StringField(_l("Owner phone"), validators=[Optional(), PHONE], render_kw=TEL)
    contact_consent = None  # the staff taking a call tell the owner the purpose themselves


class ClassifyForm(FlaskForm):
    ticket_type = SelectField(_l("Type"), choices=_choices(TYPES))
    dimension = SelectField(_l("Dimension"), choices=_choices(DIMENSIONS))
    category = SelectField(_l("Category"), choices=[], validators=[Optional()])
    severity = SelectField(_l("Severity"), choices=_choices(SEVERITIES))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class DispatchForm(FlaskForm):
    department = StringField(_l("Department"), validators=[DataRequired(), Length(max=60)],
                             description=_l("For example 工程部, 保洁部, 秩序维护部"))
    worker = StringField(_l("Worker"), validators=[Optional(), Length(max=60)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    photo = FileField(_l("Photo (optional)"))
    public = BooleanField(_l("Show to the owner"), default=True)


class StepForm(FlaskForm):
    """A step with an optional note (on site, complete)."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    photo = FileField(_l("Photo (optional)"))


class CallbackRequestForm(FlaskForm):
    """Ask for a callback 回访, with an optional note for the assignee."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ReasonForm(FlaskForm):
    """A step that needs a reason (reopen, close without callback)."""

    note = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class CallbackForm(FlaskForm):
    rating = RadioField(_l("Owner's satisfaction"), coerce=int, choices=_choices(RATINGS),
                        validators=[DataRequired(message=_l("Please choose a rating."))])
    channel = SelectField(_l("How"), choices=options((k, v) for k, v in CALLBACK_CHANNELS.items()
                                                     if k != "owner_link"), default="phone")
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    reopen = BooleanField(_l("Not solved: reopen the ticket"))


class OwnerRatingForm(FlaskForm):
    rating = RadioField(_l("How satisfied are you with the result?"), coerce=int,
                        choices=_choices(RATINGS),
                        validators=[DataRequired(message=_l("Please choose a rating."))])
    note = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=1000)])
    reopen = BooleanField(_l("The problem is not solved: please handle it again"))


class TrackForm(FlaskForm):
    code = StringField(_l("Tracking code"), validators=[DataRequired(), Length(max=30)])


class LookupForm(FlaskForm):
    """Staff: find a ticket by the tracking code an owner reads out on the phone (GET)."""

    class Meta:
        csrf = False  # a search: it changes nothing

    code = StringField(_l("Tracking code"), validators=[Length(max=30)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "spellcheck": "false", "placeholder": "3K7 M9Q"})


class SlaForm(FlaskForm):
    """Service commitments: one row per type and severity (fields ``type__severity__step``)."""


def sla_field_name(ticket_type: str, severity: str, step: str) -> str:
    return f"{ticket_type}__{severity}__{step}"


for _type in TYPES:
    for _severity in SEVERITIES:
        setattr(SlaForm, sla_field_name(_type, _severity, "ack"), IntegerField(
            _l("Acknowledge (minutes)"), validators=[Optional(), NumberRange(min=1, max=7 * 24 * 60)]))
        for _step, _label in (("dispatch", _l("Dispatch (hours)")),
                              ("onsite", _l("On site (hours)")),
                              ("complete", _l("Complete (hours)"))):
            setattr(SlaForm, sla_field_name(_type, _severity, _step), FiniteDecimalField(
                _label, places=1, validators=[Optional(), NumberRange(min=0.1, max=24 * 60)]))
        setattr(SlaForm, sla_field_name(_type, _severity, "working"), BooleanField(
            _l("In working hours")))


class RecordSearchForm(FlaskForm):
    """The search of complaint and repair records (书面记录): a GET form that keeps its
    values in the address, so a search can be bookmarked, paged and exported."""

    class Meta:
        csrf = False  # a GET search changes nothing

    date_from = DateField(_l("Received from"), validators=[Optional()])
    date_to = DateField(_l("Received until"), validators=[Optional()])
    keyword = StringField(_l("Keyword"), validators=[Optional(), Length(max=60)],
                          description=_l("Words of the description, or the tracking code"))
    building_id = SelectField(_l("Building"), coerce=_int_or_none, choices=[],
                              validators=[Optional()])
    category = SelectField(_l("Category"), choices=[], validators=[Optional()])
    ticket_type = SelectField(_l("Type"), choices=options([("", _l("All")), *TYPES.items()]),
                              validators=[Optional()])
    status = SelectField(_l("Status"), choices=options([("", _l("All")), *STATUSES.items()]),
                         validators=[Optional()])
    assignee = StringField(_l("Assignee"), validators=[Optional(), Length(max=60)],
                           description=_l("Department or worker"))


class TermsForm(FlaskForm):
    """The service hours and hotline the public commitment states."""

    hotline = StringField(_l("Service hotline"), validators=[Optional(), PHONE], render_kw=TEL)
    opens = TimeField(_l("Service hours from"), validators=[DataRequired()])
    closes = TimeField(_l("Service hours until"), validators=[DataRequired()])
    after_hours = StringField(_l("Outside the service hours"),
                              validators=[Optional(), Length(max=200)],
                              description=_l("For example: 24 小时应急维修 on the hotline"))


class CalendarEntryForm(FlaskForm):
    """One public holiday or make-up work day range of the official calendar."""

    kind = SelectField(_l("Kind"), choices=_choices(CALENDAR_KINDS), default="holiday")
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=40)],
                       description=_l("For example 国庆节, 国庆节调休"))
    first_day = DateField(_l("First day"), validators=[DataRequired()])
    last_day = DateField(_l("Last day"), validators=[Optional()],
                         description=_l("Empty for a single day"))
