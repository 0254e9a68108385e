"""Owner pages: public, phone-first, light (own base template), working without JavaScript.

/c/<code>…  a printed per-household code (the strong control)
/s/<token>… the survey link on the poster: a code box, or building/unit/room + phone tail
"""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for

from .. import sealing, throttle
from ..errors import FieldError, NotFound, form_error
from ..extensions import db, limiter
from ..permissions import public
from . import answering, bp, drafts, pages, questions
from .answering import OwnerStop
from .forms import CodeForm, VerifyForm, options
from .models import Survey
from .services import definition_of

SESSION_KEY = "survey_households"
DONE_KEY = "survey_done"
# generous: several owners may share one WiFi or carrier NAT address; 8-character codes
# (31^8 ≈ 8.5·10^11) are not guessable at this rate. One budget for all /c/<code> routes.
CODE_LIMIT = "120 per minute"
code_limit = limiter.shared_limit(CODE_LIMIT, scope="owner-code")
VERIFY_LIMIT = "20 per minute"
OWNER_SESSION_SECONDS = 12 * 3600  # a verified household stays verified in the browser


def _stop_page(stop: OwnerStop):
    """A calm page for every reason an owner cannot answer (never a 500)."""
    status = {"unknown_code": 404, "unknown_link": 404, "busy": 409}.get(stop.kind, 200)
    results = pages.result_link(stop.survey) if stop.kind == "closed" else None
    return render_template("surveys/owner/stop.html", stop=stop, survey=stop.survey,
                           definition=None, results=results), status


def _survey_by_token(token: str):
    """The poster link's survey; an unknown link is an owner's calm 404, never a login page."""
    try:
        return answering.survey_by_token(token)
    except NotFound:
        raise OwnerStop("unknown_link") from None


def _form_values() -> dict[str, list[str]]:
    return dict(request.form.lists())


class Links:
    """URLs of one owner's pages, for the code path and the session path alike."""

    def __init__(self, endpoint_prefix: str, **args):
        self.prefix, self.args = endpoint_prefix, args

    def page(self, number: int) -> str:
        return url_for(f"surveys.{self.prefix}_page", page=number, **self.args)

    def all(self) -> str:
        return url_for(f"surveys.{self.prefix}_all", **self.args)

    def done(self) -> str:
        return url_for(f"surveys.{self.prefix}_done", **self.args)

    def start(self) -> str:
        endpoint = "code_start" if self.prefix == "code" else "open_intro"
        return url_for(f"surveys.{endpoint}", **self.args)


def _render_page(ticket, links: Links, section_index: int, result=None, status: int = 200):
    definition = ticket.definition
    # only this browser's own draft is shown (drafts.py)
    stored, _resume = answering.draft_answers(ticket, drafts.draft_for(ticket, opening=True))
    visible = questions.visible_sections(definition, stored)
    if section_index not in visible:
        return redirect(links.page(visible[0] + 1 if visible else 1))
    answers = {**stored, **(result.answers if result else {})}
    if result is not None:
        # what the owner just posted, also the invalid values, is shown again
        answers = {**answers, **_posted_as_answers(definition, section_index)}
    return render_template(
        "surveys/owner/page.html", survey=ticket.survey, definition=definition,
        section=definition.sections[section_index], section_index=section_index,
        items=_page_items(definition, section_index, stored),
        first_number=questions.numbered_before(definition, section_index, stored) + 1,
        number=visible.index(section_index) + 1, total=len(visible), answers=answers,
        errors=result.errors if result else {}, links=links,
        is_last=section_index == visible[-1]), status


def _page_items(definition, section_index: int, stored: dict) -> list:
    """Items of the page: those hidden by earlier pages' answers are left out."""
    logic = questions.logic_answers(definition, stored)
    section_ids = {i.id for i in definition.sections[section_index].items}
    out = []
    for item in questions.answerable_items(definition, section_index):
        refs = item.show_if.referenced_items() if item.show_if else []
        decided = all(ref not in section_ids for ref in refs)
        if decided and item.show_if is not None and not questions.is_visible(item, logic):
            continue
        out.append(item)
    return out


def _posted_as_answers(definition, section_index: int) -> dict:
    """Raw posted values as Parsed-like answers, so a page with errors keeps its choices."""
    out = {}
    for item in questions.answerable_items(definition, section_index):
        raw = request.form.getlist(questions.field_name(item))
        if raw:
            out[item.id] = questions.Parsed(text=",".join(raw), value=None, is_na=False) \
                if item.type in ("multi_choice", "text", "single_choice") \
                else questions.Parsed(value=_num(raw[0]), is_na=raw[0] == questions.NA)
    return out


def _num(value: str):
    try:
        return float(value)
    except ValueError:
        return None


def _answer_page(ticket, links: Links, page: int):
    """GET shows a section; POST saves it and moves on (or back to the first gap)."""
    section_index = page - 1
    if request.method == "POST":
        # CSRFProtect has checked the token before the view runs
        result = answering.save_page(ticket, section_index, _form_values(),
                                     request.form.get("section", ""),
                                     drafts.draft_for(ticket, submitting=True))
        if result.done:
            db.session.commit()
            return _finished(links, ticket)
        if not result.errors:
            db.session.commit()
            return redirect(links.page(result.next_section + 1))
        db.session.commit()  # keeps the in-progress response created on the first page
        if result.next_section is not None:
            section_index = result.next_section
        return _render_page(ticket, links, section_index, result, status=400)
    answering.check_can_answer(ticket)
    return _render_page(ticket, links, section_index)


def _answer_all(ticket, links: Links):
    """The whole questionnaire on one page, submitted in one request."""
    definition = ticket.definition
    result = None
    if request.method == "POST":
        # the commit below follows at once and is all this request writes
        result = answering.submit_all(ticket, _form_values(), then_commit=True,
                                      draft=drafts.draft_for(ticket, submitting=True))
        if result.done:
            db.session.commit()
            return _finished(links, ticket)
    else:
        answering.check_can_answer(ticket)
    stored, _resume = answering.draft_answers(ticket, drafts.draft_for(ticket, opening=True))
    answers = {**stored, **(result.answers if result else {})}
    return render_template(
        "surveys/owner/all.html", survey=ticket.survey, definition=definition,
        sections=[(s, questions.answerable_items(definition, i))
                  for i, s in enumerate(definition.sections)],
        answers=answers, errors=result.errors if result else {},
        links=links), 400 if result else 200


def _intro(ticket, links: Links):
    answering.check_can_answer(ticket)
    # "welcome back" only in the browser that typed the draft (drafts.py)
    _stored, section = answering.draft_answers(ticket, drafts.draft_for(ticket, opening=True))
    resume = section + 1 if section is not None else None
    return render_template("surveys/owner/intro.html", survey=ticket.survey,
                           definition=ticket.definition, links=links, resume=resume)


def _done(ticket):
    response = answering.existing_response(ticket)
    if response is None or response.status != "submitted":
        return None
    return render_template("surveys/owner/done.html", survey=ticket.survey,
                           definition=ticket.definition, response=response)


# --- printed code -----------------------------------------------------------------------

def _code_ticket(code: str):
    return answering.ticket_for_code(code), Links("code", code=code)


def _stops_shown(view, *args):
    """``view(*args)``, or the page of the OwnerStop it raised (closed survey, used code …)."""
    try:
        return view(*args)
    except OwnerStop as stop:
        return _stop_page(stop)


@bp.route("/c/<code>")
@public
@code_limit
def code_start(code):
    """Start (or resume) answering with a printed access code."""
    return _stops_shown(lambda: _intro(*_code_ticket(code)))


@bp.route("/c/<code>/<int:page>", methods=["GET", "POST"])
@public
@code_limit
def code_page(code, page):
    """One page (section) of the survey, reached by code."""
    return _stops_shown(lambda: _answer_page(*_code_ticket(code), page))


@bp.route("/c/<code>/all", methods=["GET", "POST"])
@public
@code_limit
def code_all(code):
    """All questions on one page, reached by code."""
    return _stops_shown(lambda: _answer_all(*_code_ticket(code)))


@bp.route("/c/<code>/done")
@public
@code_limit
def code_done(code):
    """Thank-you page: the same for every code, unless this browser has just submitted it."""
    if session.get(DONE_KEY) != _done_mark(request.path):
        return render_template("surveys/owner/done.html", survey=None, definition=None,
                               response=None)
    access = answering.access_code(code)
    survey = db.session.get(Survey, access.survey_id) if access is not None else None
    return render_template("surveys/owner/done.html", survey=survey, response=None,
                           definition=definition_of(survey) if survey else None)


def _done_mark(done_url: str) -> str:
    """What the session keeps to know that this browser has just submitted (no code in it)."""
    return throttle.key_of("survey-done", done_url)[:32]


def _finished(links: Links, ticket):
    """After the final submission: remember it in the session and go to the thank-you page."""
    drafts.forget(ticket)
    session[DONE_KEY] = _done_mark(links.done())
    return redirect(links.done())


# --- open link on the poster --------------------------------------------------------------

def _session_ticket(survey):
    # the household id travels encrypted: the cookie shows nothing about the household
    households = session.get(SESSION_KEY) or {}
    household_id = sealing.unseal(households.get(survey.token), OWNER_SESSION_SECONDS) \
        if isinstance(households, dict) else None
    return answering.ticket_for_household(
        survey, household_id if isinstance(household_id, int) else None)


def _remember(survey, household_id: int) -> None:
    households = session.get(SESSION_KEY)
    households = dict(households) if isinstance(households, dict) else {}
    households[survey.token] = sealing.seal(household_id)
    session[SESSION_KEY] = households


@bp.route("/s/<token>", methods=["GET", "POST"])
@public
@limiter.limit(VERIFY_LIMIT, methods=["POST"])
def open_start(token):
    """The poster link: enter the slip's code, or building/unit/room and phone tail."""
    return _stops_shown(_open_start, token)


def _open_start(token: str):
    survey = _survey_by_token(token)
    if request.method == "GET" and token != survey.token:
        # a link typed in another letter case: continue on the printed one
        return redirect(url_for(".open_start", token=survey.token))
    if survey.status != "open":
        return _stop_page(OwnerStop("closed", survey=survey))
    form = CodeForm() if survey.access_mode == "codes" else _verify_form(survey)
    status = 200
    if form.validate_on_submit():
        try:
            if survey.access_mode == "codes":
                ticket = answering.ticket_for_code_in(survey, form.code.data)
                return redirect(url_for(".code_start", code=ticket.code.code))
            ticket = answering.verify_household(survey, form.building.data, form.unit.data,
                                                form.room.data, form.phone_tail.data)
        except FieldError as exc:
            db.session.commit()  # a failed phone check is kept, to throttle guessing
            form_error(form, exc)
            status = 400
        except OwnerStop as stop:
            return _stop_page(stop)
        else:
            _remember(survey, ticket.household_id)
            return redirect(url_for(".open_intro", token=survey.token))
    elif request.method == "POST":
        status = 400
    return render_template("surveys/owner/enter.html", survey=survey, form=form,
                           definition=definition_of(survey)), status


def _verify_form(survey) -> VerifyForm:
    from ..communities.models import Building

    form = VerifyForm()
    buildings = db.session.scalars(db.select(Building).filter_by(community_id=survey.community_id)
                                   .order_by(Building.sort_key, Building.name))
    form.building.choices = options([(0, "—")] + [(b.id, b.name) for b in buildings])
    return form


def _open_ticket(token: str):
    survey = _survey_by_token(token)
    return _session_ticket(survey), Links("open", token=survey.token)


def _verified(token: str, view, *args):
    """``view(ticket, links, *args)`` for the household verified in this browser, else back
    to the poster link's first page."""
    def run():
        ticket, links = _open_ticket(token)
        if ticket is None:
            return redirect(url_for(".open_start", token=token))
        return view(ticket, links, *args)
    return _stops_shown(run)


@bp.route("/s/<token>/start")
@public
def open_intro(token):
    """Start (or resume) after the household was verified in this browser."""
    return _verified(token, _intro)


@bp.route("/s/<token>/<int:page>", methods=["GET", "POST"])
@public
def open_page(token, page):
    """One page (section) of the survey, after verification."""
    return _verified(token, _answer_page, page)


@bp.route("/s/<token>/all", methods=["GET", "POST"])
@public
def open_all(token):
    """All questions on one page, after verification."""
    return _verified(token, _answer_all)


@bp.route("/s/<token>/done")
@public
def open_done(token):
    """Thank-you page after submitting through the open link."""
    def run():
        ticket, _links = _open_ticket(token)
        page = _done(ticket) if ticket is not None else None
        return page or redirect(url_for(".open_start", token=token))
    return _stops_shown(run)
