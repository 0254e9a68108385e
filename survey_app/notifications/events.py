"""The events people hear about: their group (for preferences) and their text.

Texts are message ids with %(name)s params, rendered in the reader's language when shown and
in the default language (Chinese) when sent by email, SMS or WeChat.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

GROUP_LABELS = {
    "tickets": _l("Repairs and complaints"),
    "escalation": _l("Overdue tickets (graded escalation)"),
    "rectifications": _l("Rectifications"),
    "inspections": _l("Joint inspections"),
    "surveys": _l("Owner surveys"),
    "plans": _l("Inspection plans"),
    "assessments": _l("Third-party assessment"),
    "acts": _l("Two-party acts awaiting you"),
}


@dataclass(frozen=True)
class Event:
    """What one kind of event says, and the preference group it belongs to."""

    group: str
    title: object
    body: object


EVENTS: dict[str, Event] = {
    # the other party proposed an act: the recipients' party must preview and confirm it
    "act.close": Event("acts", _l("Closing %(period)s awaits your confirmation"),
                       _l("The other party proposes to close %(period)s in %(community)s "
                          "and freeze its result of record. Preview it, then confirm or "
                          "leave it.")),
    "act.publish": Event("acts", _l("Publishing %(period)s awaits your confirmation"),
                         _l("The other party proposes to publish the results of %(period)s "
                            "in %(community)s on the notice board. Preview exactly what "
                            "owners will see, then confirm or leave it.")),
    "act.reopen": Event("acts", _l("Reopening %(period)s awaits your confirmation"),
                        _l("The other party proposes to reopen %(period)s in %(community)s. "
                           "Read the reason, then confirm or leave it.")),
    "act.unpublish": Event("acts", _l("Taking down the notice of %(period)s awaits your "
                                      "confirmation"),
                           _l("The other party proposes to take the notice of %(period)s in "
                              "%(community)s off the notice board. Read the reason, then "
                              "confirm or decline.")),
    "act.checklist": Event("acts", _l("A joint inspection checklist awaits your confirmation"),
                           _l("The other party proposes the checklist “%(title)s” for the "
                              "joint inspections of %(community)s. Preview it and its "
                              "changes, then confirm or decline.")),
    "ticket.acknowledged": Event("tickets", _l("Ticket %(code)s acknowledged"),
                                 _l("Ticket %(code)s (%(category)s) has been acknowledged.")),
    "ticket.dispatched": Event("tickets", _l("Ticket %(code)s dispatched"),
                               _l("Ticket %(code)s has been dispatched to %(department)s.")),
    "ticket.onsite": Event("tickets", _l("Ticket %(code)s: worker on site"),
                           _l("The worker for ticket %(code)s has arrived on site.")),
    "ticket.completed": Event("tickets", _l("Ticket %(code)s completed"),
                              _l("Ticket %(code)s is done; the owner is asked to rate it.")),
    "ticket.callback": Event("tickets", _l("Ticket %(code)s: callback requested"),
                             _l("Please call the owner back about ticket %(code)s "
                                "(回访).")),
    "ticket.overdue": Event("escalation", _l("Overdue: ticket %(code)s"),
                            _l("Ticket %(code)s in %(community)s is past its time limit "
                               "(%(step)s). Escalated to you as %(level)s.")),
    "rectification.assigned": Event("rectifications", _l("Rectification assigned: %(item)s"),
                                    _l("A rectification in %(community)s is assigned to "
                                       "%(department)s, due %(due)s: %(item)s")),
    "rectification.due_soon": Event("rectifications", _l("Rectification due in 2 days"),
                                    _l("The rectification “%(item)s” in %(community)s is due "
                                       "on %(due)s.")),
    "rectification.overdue": Event("rectifications", _l("Rectification overdue"),
                                   _l("The rectification “%(item)s” in %(community)s was due "
                                      "on %(due)s and is not finished.")),
    "rectification.submitted": Event("rectifications", _l("Please re-inspect: %(item)s"),
                                     _l("Evidence was submitted for “%(item)s” in "
                                        "%(community)s. Please re-inspect (复查).")),
    "rectification.verified": Event("rectifications", _l("Rectification verified"),
                                    _l("The rectification “%(item)s” in %(community)s was "
                                       "verified.")),
    "rectification.sent_back": Event("rectifications", _l("Rectification sent back"),
                                     _l("The rectification “%(item)s” in %(community)s was "
                                        "sent back: %(note)s")),
    "inspection.quarter_ending": Event("inspections", _l("No signed joint inspection yet"),
                                       _l("%(period)s in %(community)s ends on %(end)s and "
                                          "has no signed joint inspection.")),
    "plan.due": Event("plans", _l("Inspection due by %(due)s: %(plan)s"),
                      _l("The plan “%(plan)s” in %(community)s needs an inspection between "
                         "%(starts)s and %(due)s; it is not done yet.")),
    "survey.opened": Event("surveys", _l("Owner survey opened"),
                           _l("The owner survey of %(period)s in %(community)s is open. "
                              "Please hand out the codes or put up the poster.")),
    "survey.closing": Event("surveys", _l("Survey closes in 3 days"),
                            _l("The owner survey of %(period)s in %(community)s closes on "
                               "%(end)s.")),
    "survey.low_response": Event("surveys", _l("Response rate below target"),
                                 _l("The survey of %(period)s in %(community)s has "
                                    "%(responses)s responses; the sample target is "
                                    "%(target)s.")),
    "assessment.assigned": Event("assessments", _l("Assessment sheet assigned to you"),
                                 _l("You are an assessor of %(project)s in %(community)s. "
                                    "Please score your sheet.")),
    "assessment.rescore": Event("assessments", _l("Items sent back for rescoring"),
                                _l("%(count)s item(s) of your sheet in %(project)s "
                                   "(%(community)s) were sent back for rescoring: "
                                   "%(note)s")),
    "assessment.signed": Event("assessments", _l("Assessment signed"),
                               _l("The third-party assessment %(project)s of %(community)s "
                                  "was signed by every assessor (revision %(revision)s).")),
}


def render(kind: str, params: dict) -> tuple[str, str]:
    """Title and body of an event in the current language (unknown kinds show the kind)."""
    event = EVENTS.get(kind)
    if event is None:
        return kind, ""
    values = _Defaulting(params or {})
    return str(event.title) % values, str(event.body) % values


class _Defaulting(dict):
    """Params where a missing name shows as a dash instead of breaking the page."""

    def __missing__(self, key):
        return "—"


def group_of(kind: str) -> str:
    """The preference group of an event kind."""
    event = EVENTS.get(kind)
    return event.group if event else "other"
