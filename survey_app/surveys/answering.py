"""The owner's side: reach the survey by code or by room + phone tail, answer, submit once."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..communities.models import Household
from ..errors import Conflict, FieldError, NotFound
from ..extensions import db
from ..models_base import utcnow
from . import questions, submitting, vectors
from .models import AccessCode, Answer, Response, Survey
from .questions import Parsed
from .services import definition_of, household_key, normalise_code
from .submitting import Signals

#: Core tables for the statements of the page-by-page path (the submit path's SQL is in
#: submitting.py)
RESPONSES, ANSWERS = Response.__table__, Answer.__table__
# Built once: constructing SQLAlchemy statements per request costs more than running them.
_RESPONSE_STATE = select(
    RESPONSES.c.id, RESPONSES.c.status, RESPONSES.c.draft_key, RESPONSES.c.current_section,
    RESPONSES.c.channel).where(RESPONSES.c.survey_id == bindparam("survey_id"),
                               RESPONSES.c.household_key == bindparam("key"))


class OwnerStop(Exception):
    """The owner cannot (or need not) answer: unknown code, closed survey, already submitted.

    It carries no time: "already answered" is all anyone learns (see models.py).
    """

    def __init__(self, kind: str, survey: Survey | None = None):
        self.kind, self.survey = kind, survey
        super().__init__(kind)


@dataclass(frozen=True)
class Draft:
    """The answering browser's part (drafts.py): its draft key, when it opened the survey,
    and the salted device group of this request; all optional (paper entry has none)."""

    key: str | None = None
    opened: float | None = None
    device_group: str | None = None
    entered_by_id: int | None = None

    def signals(self) -> Signals:
        """What the submission records: seconds spent answering, device group, typist."""
        seconds = None
        if self.opened is not None:
            seconds = max(0, int(time.time() - self.opened))
        elif self.key is not None:
            seconds = 0  # a web form posted without ever being opened in this browser
        return Signals(seconds, self.device_group, self.entered_by_id)


PAPER = Draft()

@dataclass(frozen=True)
class CodeInfo:
    """The parts of an access code the answering flow needs."""

    id: int
    code: str
    used_on: object | None


class SurveyRef:
    """A survey known by the few columns the submit path reads; the rest loads on first use.

    Loading the ORM Survey in the ticket query cost as much as two plain queries, and a
    successful submission only needs id, period and status.
    """

    def __init__(self, survey_id: int, period_id: int, status: str):
        self.id, self.period_id, self.status = survey_id, period_id, status

    def __getattr__(self, name):
        return getattr(db.session.get(Survey, self.id), name)


@dataclass
class Ticket:
    """Who is answering: a survey and a household (the household never reaches a response)."""

    survey: Survey | SurveyRef
    household_id: int
    building_id: int | None
    code: AccessCode | CodeInfo | None = None
    sha256: str | None = None

    @property
    def key(self) -> str:
        return household_key(self.survey.id, self.household_id)

    @property
    def definition(self):
        return definition_of(self.survey, self.sha256)


@dataclass
class PageResult:
    """Outcome of saving one page: the next section, done, or errors to show."""

    errors: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Parsed] = field(default_factory=dict)
    next_section: int | None = None
    done: bool = False


def survey_by_token(token: str) -> Survey:
    """The survey of an open link in any letter case, or 404.

    Owners type the link from a poster: new tokens are upper case (services.new_token), so
    the upper-cased token finds them by the unique index; an older mixed-case token typed in
    another case is found only when no other survey's token folds to the same text.
    """
    typed = (token or "").strip()
    survey = db.session.scalar(select(Survey).filter_by(token=typed)) \
        or db.session.scalar(select(Survey).filter_by(token=typed.upper()))
    if survey is None and typed:
        folded = list(db.session.scalars(
            select(Survey).where(func.upper(Survey.token) == typed.upper()).limit(2)))
        survey = folded[0] if len(folded) == 1 else None
    if survey is None:
        raise NotFound("survey link")
    return survey


def access_code(code: str) -> AccessCode | None:
    """The access code row of a typed or scanned code."""
    return db.session.scalar(select(AccessCode).filter_by(code=normalise_code(code)))


def ticket_for_code(code: str) -> Ticket:
    """The ticket of a printed code (one query); OwnerStop when the code is unknown.

    Whether it may still be used is checked by ``check_can_answer`` on every path.
    """
    row = submitting.ticket_row(normalise_code(code))
    if row is None:
        raise OwnerStop("unknown_code")
    access_id, value, used_on, household_id, building_id, survey_id, period_id, status, sha = row
    return Ticket(SurveyRef(survey_id, period_id, status), household_id, building_id,
                  CodeInfo(access_id, value, used_on), sha)


def ticket_for_code_in(survey: Survey, code: str) -> Ticket:
    """A code typed on a survey's open page; it must belong to that survey."""
    access = access_code(code)
    if access is None:
        raise FieldError("code", _("This access code does not exist. Please check the slip."))
    if access.survey_id != survey.id:
        raise FieldError("code", _("This access code belongs to another community or survey."))
    return ticket_for_code(access.code)


def ticket_for_household(survey: Survey, household_id: int | None) -> Ticket | None:
    """The ticket of a household verified earlier in this browser session."""
    household = db.session.get(Household, household_id) if household_id else None
    if household is None or household.community_id != survey.community_id:
        return None
    return Ticket(survey, household.id, household.building_id)


def verify_household(survey: Survey, building_id: int | None, unit: str, room: str,
                     phone_tail: str) -> Ticket:
    """Find the household by building/unit/room and phone tail (rules: open_link.py)."""
    from .open_link import find_household

    household = find_household(survey, building_id, unit, room, phone_tail)
    return Ticket(survey, household.id, household.building_id)


def existing_response(ticket: Ticket) -> Response | None:
    return db.session.scalar(select(Response).filter_by(survey_id=ticket.survey.id,
                                                        household_key=ticket.key))


def response_state(ticket: Ticket):
    """(id, status, draft_key, current_section, channel) of the household's response."""
    return db.session.connection().execute(
        _RESPONSE_STATE, {"survey_id": ticket.survey.id, "key": ticket.key}).first()


def check_can_answer(ticket: Ticket, response=None):
    """Raise OwnerStop for a closed survey or a used code; return the response state so far.

    Closed comes first: a closed survey tells nobody whether a household has answered.
    """
    if ticket.survey.status != "open":
        raise OwnerStop("closed", survey=ticket.survey)
    response = response or response_state(ticket)
    if response is not None and response.status == "submitted":
        raise OwnerStop("submitted", ticket.survey)
    if ticket.code is not None and ticket.code.used_on is not None:
        raise OwnerStop("submitted", ticket.survey)
    return response


def owns_draft(state, draft: Draft) -> bool:
    """Whether an in-progress response is this browser's own draft."""
    return state is not None and draft.key is not None and state.draft_key == draft.key


def start(ticket: Ticket, draft: Draft = PAPER) -> Response:
    """This browser's response in progress, created on first use (race-safe).

    A draft typed in another browser is discarded, never shown: whoever else holds the code
    starts afresh (docs/surveys.md, "Answers in progress").
    """
    state = check_can_answer(ticket)
    if state is not None:
        response = db.session.get(Response, state.id)
        if not owns_draft(state, draft):
            _replace_answers(response.id, None, {})
            response.draft_key, response.current_section = draft.key, 0
            db.session.flush()
        return response
    response = Response(survey_id=ticket.survey.id, period_id=ticket.survey.period_id,
                        household_key=ticket.key, building_id=ticket.building_id,
                        channel="web", status="in_progress", draft_key=draft.key)
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError:
        # a second tab or a double click created it a moment ago: use that one
        db.session.rollback()
        state = check_can_answer(ticket)
        if state is None:
            raise Conflict("the household's response changed at the same moment") from None
        return db.session.get(Response, state.id)
    return response


def draft_answers(ticket: Ticket, draft: Draft) -> tuple[dict[str, Parsed], int | None]:
    """(answers, section to resume) of this browser's own draft; nothing of anyone else's."""
    state = response_state(ticket)
    if not owns_draft(state, draft) or state.status != "in_progress":
        return {}, None
    return stored_answers(db.session.get(Response, state.id)), state.current_section


def stored_answers(response: Response | None) -> dict[str, Parsed]:
    """item id → stored answer of a response."""
    if response is None or response.id is None:
        return {}
    rows = db.session.execute(select(Answer.item_id, Answer.value, Answer.text, Answer.is_na)
                              .filter_by(response_id=response.id))
    return {item_id: Parsed(value, text, is_na) for item_id, value, text, is_na in rows}


def save_page(ticket: Ticket, section_index: int, form: dict[str, list[str]],
              section_id: str, draft: Draft) -> PageResult:
    """Check and store one section's answers; on the last page, submit the response."""
    response = start(ticket, draft)
    definition = ticket.definition
    if not 0 <= section_index < len(definition.sections) \
            or definition.sections[section_index].id != section_id:
        return PageResult(errors={"_form": _("The form was changed or is out of date. "
                                             "Please answer this page again.")})
    items = questions.answerable_items(definition, section_index)
    ids = [i.id for i in items]
    earlier = {k: v for k, v in stored_answers(response).items() if k not in ids}
    answers, errors = questions.parse_items(definition, items, form, earlier)
    if errors:
        return PageResult(errors=errors, answers=answers)
    _replace_answers(response.id, ids, answers)
    merged = {**earlier, **answers}
    following = [i for i in questions.visible_sections(definition, merged) if i > section_index]
    if following:
        response.current_section = following[0]
        db.session.flush()
        return PageResult(next_section=following[0])
    missing = questions.missing_required(definition, merged)
    if missing:
        target = questions.section_of(definition, missing[0].id)
        return PageResult(next_section=target,
                          errors={missing[0].id: _("Please answer this question.")})
    _mark_submitted(ticket, response.id, merged, draft)
    return PageResult(done=True)


def submit_all(ticket: Ticket, form: dict[str, list[str]], channel: str = "web",
               then_commit: bool = False, draft: Draft = PAPER) -> PageResult:
    """Check and store a whole questionnaire in one request (single-page form, paper entry).

    ``then_commit``: the caller commits right after a successful submission and writes nothing
    else (the owner's page; not a paper import, whose rows commit together), so a new response
    may be written as one self-committing statement (submitting.insert_submitted).
    """
    # an unused printed code almost never has a response yet: try the insert straight away
    # and look for an existing response only when the unique key says there is one
    optimistic = ticket.code is not None and ticket.code.used_on is None
    response = None if optimistic else check_can_answer(ticket)
    if optimistic and ticket.survey.status != "open":
        raise OwnerStop("closed", survey=ticket.survey)
    definition = ticket.definition
    answers, errors = questions.parse_items(definition, questions.answerable_items(definition),
                                            form, {})
    if errors:
        return PageResult(errors=errors, answers=answers)
    if response is None and _insert_submitted(ticket, channel, answers, draft, then_commit):
        return PageResult(done=True)
    response = response or check_can_answer(ticket)
    if response is None:  # the other response vanished in between: a plain retry is safe
        return PageResult(errors={"_form": _("Please send the form again.")}, answers=answers)
    if channel != response.channel:
        db.session.execute(update(RESPONSES).where(RESPONSES.c.id == response.id)
                           .values(channel=channel))
    _replace_answers(response.id, None, answers)
    _mark_submitted(ticket, response.id, answers, draft)
    return PageResult(done=True)


def _insert_submitted(ticket: Ticket, channel: str, answers: dict[str, Parsed], draft: Draft,
                      then_commit: bool = False) -> bool:
    """Insert a new, submitted response with its answers; False when the household has one."""
    code_id = ticket.code.id if ticket.code is not None else None
    response_id = submitting.insert_submitted(
        ticket.survey.id, ticket.survey.period_id, ticket.key, ticket.building_id, channel,
        code_id, answers, vectors.pack_for(ticket.definition, answers), utcnow().date(),
        draft.signals(), then_commit)
    return response_id is not None


def _already(ticket: Ticket) -> OwnerStop:
    """The stop for a household whose response another request has just submitted."""
    return OwnerStop("submitted", ticket.survey)


def _replace_answers(response_id: int, item_ids: list[str] | None,
                     answers: dict[str, Parsed]) -> None:
    """Delete the given items' stored answers (all when None) and bulk-insert the new ones."""
    if item_ids != []:  # [] = a new response: nothing to delete
        query = delete(Answer).where(Answer.response_id == response_id)
        if item_ids is not None:
            query = query.where(Answer.item_id.in_(item_ids))
        db.session.execute(query)
    if answers:
        try:
            submitting.insert_answers(response_id, answers)
        except IntegrityError:
            # the same page posted twice at once; the other request's answers stand
            db.session.rollback()
            raise OwnerStop("busy") from None


def _mark_submitted(ticket: Ticket, response_id: int, answers: dict[str, Parsed],
                    draft: Draft) -> None:
    """Submit exactly once: a conditional update, so a replay changes nothing."""
    signals = draft.signals()
    result = db.session.execute(
        update(Response).where(Response.id == response_id, Response.status == "in_progress")
        .values(status="submitted", draft_key=None, duration_seconds=signals.duration_seconds,
                device_group=signals.device_group, entered_by_id=signals.entered_by_id,
                answer_vector=vectors.pack_for(ticket.definition, answers))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _already(ticket)
    # the code keeps the day only (models.py)
    submitting.mark_used_and_touch(ticket.code.id if ticket.code is not None else None,
                                   ticket.survey.period_id, utcnow().date())
